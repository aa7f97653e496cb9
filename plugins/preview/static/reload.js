// The preview's script (make devserver only: the server adds it to the pages it sends, never to the
// files of a build). It asks the server several times a second what it now has for this page:
// a different page reloads this one; a save with mistakes shows them over the page, whose last
// good build stays; while the other pages are being rebuilt, a note says so.
"use strict";
(() => {
  const POLL_MS = 200;
  const statusUrl = `/__preview__/status?path=${encodeURIComponent(location.pathname)}`;
  let shownPage = document.currentScript.dataset.page;
  let shownProblems = "";

  function element(name, text, className) {
    const made = document.createElement(name);
    if (text) made.textContent = text;
    if (className) made.className = className;
    return made;
  }

  function showProblems(problems) {
    const key = problems.join("\n");
    if (key === shownProblems) return;
    shownProblems = key;
    document.getElementById("preview-problems")?.remove();
    if (!problems.length) return;
    const notice = element("section", "", "preview-notice");
    notice.id = "preview-problems";
    notice.setAttribute("role", "alert");
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    notice.append(element("h2", `The last save has ${count}: this is the last good build`));
    const list = element("ul");
    for (const problem of problems) list.append(element("li", problem));
    notice.append(list, element("p", "Fix the file and save it again; this page then reloads by itself."));
    document.body.prepend(notice);
  }

  function showBuilding(building) {
    const note = document.getElementById("preview-building");
    if (building && !note) {
      const made = element("p", "Updating the listings, feeds and search…", "preview-building");
      made.id = "preview-building";
      made.setAttribute("role", "status");
      document.body.append(made);
    } else if (!building && note) {
      note.remove();
    }
  }

  async function poll() {
    try {
      const response = await fetch(statusUrl, { cache: "no-store" });
      const status = await response.json();
      if (status.page !== shownPage) {
        location.reload();
        return;
      }
      showProblems(status.problems);
      showBuilding(status.building);
    } catch {
      // The preview is restarting or stopped: keep asking.
    }
    setTimeout(poll, POLL_MS);
  }

  const style = element("link");
  style.rel = "stylesheet";
  style.href = "/__preview__/preview.css";
  document.head.append(style);
  poll();
})();
