"""Stand-in material for FDA's quarterly data files (writer.py writes zips in FDA's layout)."""
