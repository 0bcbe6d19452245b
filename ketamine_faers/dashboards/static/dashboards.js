/* Draws the charts of a dashboard page from the JSON embedded in it (#page-data) and switches
   between views (which reports are counted, which terms) with the page's controls.
   No network access: plotly.min.js is loaded from ./assets beside this file. */
"use strict";
(function () {
  const page = JSON.parse(document.getElementById("page-data").textContent);
  const config = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"],
    toImageButtonOptions: { format: "png", scale: 2, filename: "faers-" + page.page },
  };
  const state = { exposure: page.defaults.exposure, scope: page.defaults.scope };

  function viewKey() {
    return state.exposure + "|" + state.scope;
  }

  function matches(pattern) {
    const wanted = pattern.split("|");
    const actual = viewKey().split("|");
    return wanted.every(function (part, i) { return part === "*" || part === actual[i]; });
  }

  function readHash() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    const exposure = params.get("exposure");
    const scope = params.get("scope");
    if (exposure === "any role" || exposure === "suspect only") state.exposure = exposure;
    if (scope === "narrow" || scope === "broad") state.scope = scope;
  }

  function writeHash() {
    const params = new URLSearchParams({ exposure: state.exposure, scope: state.scope });
    const hash = "#" + params.toString();
    if (window.location.hash !== hash) history.replaceState(null, "", hash);
    // Keep the view when moving between dashboards.
    for (const link of document.querySelectorAll(".site-nav a")) {
      link.hash = hash;
    }
  }

  function syncControls() {
    for (const input of document.querySelectorAll("#view-controls input")) {
      input.checked = state[input.name] === input.value;
    }
  }

  // Break a title into lines of at most `width` characters, at spaces. Titles are built by
  // the site (data already escaped), so adding <br> keeps them safe.
  function wrapText(text, width) {
    if (!text || text.length <= width) return { text: text, lines: 1 };
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    }
    lines.push(line);
    return { text: lines.join("<br>"), lines: lines.length };
  }

  // Room at the top of a chart for its title and legend, which Plotly does not reserve
  // together. A narrow chart (a phone) wraps its titles and hides its Plotly legend: the
  // card's HTML legend (.chart-legend) takes its place and wraps like text.
  const NARROW = 560;
  const LINE = 19;
  const LEGEND_ROW = 22;

  function fitToWidth(figure, width, card) {
    const layout = figure.layout;
    const narrow = width < NARROW;
    let titleLines = 1;
    if (narrow) {
      const chars = Math.max(24, Math.floor((width - 24) / 8));
      const title = wrapText(layout.title && layout.title.text, chars);
      layout.title.text = title.text;
      titleLines = title.lines;
      // Plotly centres a multi-line title on its first line: push it down to stay inside.
      layout.title.pad.t += (LINE / 2) * (titleLines - 1);
      const axis = layout.xaxis && layout.xaxis.title;
      if (axis && axis.text) axis.text = wrapText(axis.text, Math.floor(chars * 0.6)).text;
      layout.showlegend = false;
    }
    if (card) card.classList.toggle("narrow", narrow);
    const legendRows = layout.showlegend === false ? 0 : 1;
    layout.margin.t = 14 + LINE * titleLines + 8 + LEGEND_ROW * legendRows + 4;
    return figure;
  }

  function draw() {
    for (const node of document.querySelectorAll("[data-chart]")) {
      const chart = page.charts[node.dataset.chart];
      if (!chart) continue;
      const figure = chart.figures[chart.views[viewKey()]];
      // Plotly keeps and annotates what it is given: draw from a copy.
      const copy = structuredClone(figure);
      fitToWidth(copy, node.clientWidth || window.innerWidth, node.closest(".chart-card"));
      try {
        Plotly.react(node, copy.data, copy.layout, config);
        node.dataset.drawnView = viewKey();
      } catch (error) {
        // One chart failing must not stop the others; the console says which.
        console.error("chart " + node.dataset.chart + " could not be drawn: " + error);
        node.dataset.drawnView = "";
      }
    }
    for (const node of document.querySelectorAll("[data-view].view")) {
      node.hidden = !matches(node.dataset.view);
    }
    document.body.dataset.view = viewKey();
  }

  const controls = document.getElementById("view-controls");
  if (controls) {
    controls.addEventListener("change", function (event) {
      const input = event.target;
      if (input && input.name in state) {
        state[input.name] = input.value;
        writeHash();
        draw();
      }
    });
  }

  let resizeTimer = null;
  let lastWidth = window.innerWidth;
  window.addEventListener("resize", function () {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(draw, 150);
  });

  readHash();
  syncControls();
  writeHash();
  draw();
  document.body.dataset.chartsDrawn = "true";
})();
