detach raw;
