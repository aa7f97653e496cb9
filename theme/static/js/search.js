// The search page: Pagefind's JavaScript API behind the page's own accessible form.
// The form's state (query, filters, sort) lives in the URL, so a search can be shared,
// bookmarked and reloaded, and Back returns to the previous search: each query typed or
// submitted, and each change of filters, is one entry of the history.

// Pagefind's own UI waits as long after a key before it searches; the result count is
// announced once the results have settled.
const TYPING_PAUSE_MS = 300;

const root = document.getElementById("search");
const form = document.getElementById("search-form");
const queryBox = document.getElementById("search-query");
const statusLine = document.getElementById("search-status");
const resultList = document.getElementById("search-results");
const moreButton = document.getElementById("search-more");
const badges = document.getElementById("search-badges").content;
const filterGroups = [...form.querySelectorAll("[data-filter]")];
const checkboxes = [...form.querySelectorAll("input[type=checkbox]")];
const chosenArea = document.getElementById("search-chosen");
const chosenList = document.getElementById("search-chosen-list");
const perPage = Number(root.dataset.perPage);
// The index comes in chunks of statements, oldest first, each a Pagefind index in its own folder.
const chunks = Number(root.dataset.chunks);
const chunkFolder = (number) => `${root.dataset.bundle}${number}/`;

let pagefind;
let searchNumber = 0; // answers to older searches are dropped
let results = [];
let shownCount = 0;
let typingTimer;

// ---- The URL and the form mirror each other -------------------------------

function formParams() {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    if (value.trim()) params.append(name, name === "q" ? value.trim() : value);
  }
  return params;
}

// Values in the address match whatever their case: level=severe chooses SEVERE.
function fillForm(params) {
  const lower = (values) => values.map((value) => value.toLowerCase());
  queryBox.value = params.get("q") ?? "";
  form.elements.sort.value = params.get("sort")?.toLowerCase() === "newest" ? "newest" : "";
  for (const box of checkboxes) {
    box.checked = lower(params.getAll(box.name)).includes(box.value.toLowerCase());
  }
  showChosen();
}

// The first search of a query being typed adds an entry, later ones replace it until the query
// is submitted (or a filter changes), so Back goes to the search before, never off the page.
function recordInUrl({ typing }) {
  const query = formParams().toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}`;
  const unchanged = url === `${location.pathname}${location.search}`;
  const replace = unchanged || (typing && history.state?.typing);
  history[replace ? "replaceState" : "pushState"]({ typing }, "", url);
}

// ---- Searching ------------------------------------------------------------

function searchOptions(params) {
  const filters = {};
  for (const group of filterGroups) {
    const values = params.getAll(group.querySelector("input").name);
    if (values.length) filters[group.dataset.filter] = { any: values };
  }
  const newest = params.get("sort") === "newest" || !params.get("q");
  return { filters, sort: newest ? { date: "desc" } : undefined };
}

async function search() {
  const number = ++searchNumber;
  const params = formParams();
  const options = searchOptions(params);
  if (!params.get("q") && !Object.keys(options.filters).length) {
    showResults(number, [], "");
    return;
  }
  try {
    const found = await searchChunks(params.get("q"), options);
    await showResults(number, found, summary(found.length, params.get("q")));
  } catch {
    if (number === searchNumber) statusLine.textContent = "The search could not be finished. Please try again.";
  }
}

// Pagefind orders a search of merged indexes by score alone, so "newest first" takes each
// chunk's own sorted results in turn, newest chunk first.
async function searchChunks(query, options) {
  if (!options.sort) return (await pagefind.search(query, options)).results;
  const newestFirst = [...Array(chunks).keys()].reverse();
  const answers = await Promise.all(
    newestFirst.map((chunk) =>
      pagefind.search(query, { ...options, filters: { ...options.filters, chunk: String(chunk) } }),
    ),
  );
  return answers.flatMap((answer) => answer.results);
}

function summary(count, query) {
  const found = `${count === 0 ? "No" : count} ${count === 1 ? "statement" : "statements"} found`;
  return `${found}${query ? ` for “${query}”` : ""}${filterGroups.some(checkedIn) ? " with the chosen filters" : ""}.`;
}

function checkedIn(group) {
  return group.querySelector("input:checked") !== null;
}

// ---- The chosen filters, as tags that remove themselves, and their count in each group ----

function showChosen() {
  const chosen = checkboxes.filter((box) => box.checked);
  chosenList.replaceChildren(...chosen.map(chosenTag));
  chosenArea.hidden = chosen.length === 0;
  for (const group of filterGroups) {
    const count = group.querySelectorAll("input:checked").length;
    group.querySelector("[data-chosen-count]").textContent = count ? `(${count} chosen)` : "";
  }
}

function chosenTag(box) {
  const legend = box.closest("fieldset").querySelector("legend").textContent;
  const cross = element("span", "search__tag-cross", " ×");
  cross.setAttribute("aria-hidden", "true");
  const button = element("button", "search__tag", element("span", "visually-hidden", `Remove filter ${legend}: `));
  button.type = "button";
  button.append(box.value, cross);
  button.addEventListener("click", () => {
    box.checked = false;
    searchNow({ typing: false });
    (chosenList.querySelector("button") ?? queryBox).focus();
  });
  return element("li", "", button);
}

async function showResults(number, found, message) {
  if (number !== searchNumber) return;
  results = found;
  shownCount = 0;
  resultList.replaceChildren();
  await showMore(number);
  if (number === searchNumber) statusLine.textContent = message;
}

// Fetch the page's fragments together; show each result as soon as those before it are shown.
async function showMore(number = searchNumber) {
  const fragments = results.slice(shownCount, shownCount + perPage).map((result) => result.data());
  const items = [];
  for (const fragment of fragments) {
    const item = resultItem(await fragment);
    if (number !== searchNumber) return [];
    resultList.append(item);
    items.push(item);
  }
  shownCount += items.length;
  moreButton.hidden = shownCount >= results.length;
  return items;
}

// ---- One result, in the listings' markup (partials/statement_item.html) -----

function element(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function resultItem({ url, meta, excerpt }) {
  const link = element("a", "", meta.title);
  link.href = url;
  const date = element("time", "", meta.date);
  date.dateTime = meta.datetime;
  const badge = badges.querySelector(`.badge--${meta.level_slug}`).cloneNode(true);
  const category = element("span", "statement-item__category", meta.category);
  return element(
    "li",
    "statement-item",
    element("h2", "statement-item__title", link),
    element("p", "statement-item__meta", date, " ", badge, " ", category),
    element("p", "statement-item__summary search__excerpt", ...excerptOf(excerpt)),
  );
}

// An excerpt says it is one: a hidden label, and "…" where the text goes on.
function excerptOf(excerpt) {
  return [element("span", "visually-hidden", "Excerpt: "), "…", ...highlighted(excerpt), "…"];
}

// Pagefind marks the matched words with <mark>; keep those and only text from its excerpt.
function highlighted(excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  return [...parsed.childNodes].map((node) =>
    node.nodeName === "MARK" ? element("mark", "", node.textContent) : document.createTextNode(node.textContent),
  );
}

// ---- Events ----------------------------------------------------------------

function searchNow(how) {
  clearTimeout(typingTimer);
  recordInUrl(how);
  showChosen();
  search();
}

// Until Pagefind has loaded, the form submits as a plain GET form: the page loads again with its address.
function listen() {
  queryBox.addEventListener("input", () => {
    clearTimeout(typingTimer);
    // Fetch the words' part of the index while waiting for the typing to pause.
    if (queryBox.value.trim()) pagefind.preload(queryBox.value.trim());
    typingTimer = setTimeout(() => searchNow({ typing: true }), TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow({ typing: false });
  });
  form.addEventListener("change", (event) => {
    if (event.target !== queryBox) searchNow({ typing: false });
  });
  document.getElementById("search-clear").addEventListener("click", () => {
    for (const box of checkboxes) box.checked = false;
    searchNow({ typing: false });
    queryBox.focus();
  });
  moreButton.addEventListener("click", async () => {
    const [first] = await showMore();
    first?.querySelector("a").focus();
  });
  window.addEventListener("popstate", () => {
    fillForm(new URLSearchParams(location.search));
    search();
  });
}

async function start() {
  try {
    // Chunk 0 alone carries Pagefind's script and WebAssembly; the others are merged into it.
    pagefind = await import(`${chunkFolder(0)}pagefind.js`);
    await pagefind.options({ basePath: chunkFolder(0), noWorker: true, mergeFilter: { chunk: "0" } });
    for (let chunk = 1; chunk < chunks; chunk++) {
      await pagefind.mergeIndex(chunkFolder(chunk), { mergeFilter: { chunk: String(chunk) } });
    }
  } catch {
    statusLine.textContent = "Search is not available at the moment.";
    return;
  }
  document.getElementById("search-no-script").hidden = true;
  listen();
  fillForm(new URLSearchParams(location.search));
  if (location.search) search();
  else pagefind.init();
}

start();
