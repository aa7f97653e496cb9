// The search page: Pagefind's JavaScript API behind the page's own accessible form.
// The form's state (query, filters, sort) lives in the URL, so a search can be shared,
// bookmarked and reloaded, and Back returns to the previous search: each query typed or
// submitted, and each change of filters, is one entry of the history.

import { absentWords, nearestWords, termsOf } from "./search-words.js";

// A search starts once typing pauses this long: a quick typist's keys come about 100 ms apart,
// and the results then show within 300 ms of the last key. The result count is announced once
// the results have settled.
const TYPING_PAUSE_MS = 150;

const root = document.getElementById("search");
const form = document.getElementById("search-form");
const queryBox = document.getElementById("search-query");
const statusLine = document.getElementById("search-status");
const resultList = document.getElementById("search-results");
const offerList = document.getElementById("search-offers");
const moreButton = document.getElementById("search-more");
const badges = document.getElementById("search-badges").content;
const filterGroups = [...form.querySelectorAll("[data-filter]")];
const checkboxes = [...form.querySelectorAll("input[type=checkbox]")];
const chosenArea = document.getElementById("search-chosen");
const chosenList = document.getElementById("search-chosen-list");
const perPage = Number(root.dataset.perPage);

let loading; // Pagefind, once a search needs it
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

const levelBoxes = [...form.querySelectorAll("input[name=level]")];

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
  const query = params.get("q") ?? "";
  if (!query && !Object.keys(options.filters).length) {
    showCounts(null);
    showResults(number, { results: [], message: "", offers: [] });
    return;
  }
  try {
    const pagefind = await loadPagefind();
    const answer = await answerTo(pagefind, query, options);
    if (number !== searchNumber) return;
    showCounts(answer.counts);
    await showResults(number, answer);
  } catch {
    if (number === searchNumber) statusLine.textContent = "The search could not be finished. Please try again.";
  }
}

// Opening a filter group during a search counts its values for that search; the search is not
// announced again.
async function countOnOpening(group) {
  const number = searchNumber;
  const params = formParams();
  const options = searchOptions(params);
  const query = params.get("q") ?? "";
  if (!group.open || (!query && !Object.keys(options.filters).length)) return;
  try {
    const answer = await answerTo(await loadPagefind(), query, options);
    if (number === searchNumber) showCounts(answer.counts);
  } catch {
    // the values keep the counts they had; the next search tries again
  }
}

// The results of a query with the chosen filters, what the status line says of them, and the other
// searches offered. A word no statement holds is named, never dropped: Pagefind alone would match
// the other words, or the longest start of the word that some word has ("is" for "Islamist").
async function answerTo(pagefind, query, options) {
  const { words, common, term } = termsOf(query);
  const counts = filterGroups.some((group) => group.open) ? {} : null; // only an open group's counts are seen
  if (query && !words.length) return { results: [], counts, message: summary(0, query), offers: [] };
  // With no words, the word every statement holds: Pagefind's search(null) would load the whole index.
  const asked = term || root.dataset.every;
  const found = await pagefind.search(asked, options);
  const absent = await absentWords(pagefind, words);
  if (absent.length) return { ...(await answerWithout(absent, words, query)), counts };
  const left = common.length ? ` Left out as too common: ${common.map(quoted).join(", ")}.` : "";
  return {
    results: found.results,
    counts: counts && (await countsFor(pagefind, asked, options)),
    message: summary(found.results.length, query) + left,
    offers: levelOffers(words),
  };
}

async function answerWithout(absent, words, query) {
  const offers = [];
  const rest = words.filter((word) => !absent.includes(word));
  if (rest.length) offers.push(queryOffer(`Search for ${quoted(rest.join(" "))} instead`, rest.join(" ")));
  const nearest = await suggestions(absent);
  for (const [word, near] of nearest) {
    for (const other of near) {
      const suggested = words.map((each) => (each === word ? other : each)).join(" ");
      offers.push(queryOffer(`Search for ${quoted(suggested)}`, suggested));
    }
  }
  const meant = nearest.flatMap(([, near]) => near.slice(0, 1));
  const didYouMean = meant.length ? ` Did you mean ${meant.map(quoted).join(" and ")}?` : "";
  return {
    results: [],
    message: `No statement contains ${absent.map(quoted).join(" or ")}${words.length > 1 ? `, so none has every word of ${quoted(query)}` : ""}.${didYouMean}`,
    offers,
  };
}

// How many statements each filter value would give: for the query with the other groups' filters
// (so a group's own choices do not hide its other values). Every filter's part of the index is
// loaded for it, once: a search that no open group shows the counts of loads none of it.
async function countsFor(pagefind, asked, options) {
  await pagefind.filters();
  const counts = {};
  for (const group of filterGroups) {
    const name = group.dataset.filter;
    const { [name]: _own, ...others } = options.filters;
    counts[name] = (await pagefind.search(asked, { filters: others })).filters[name];
  }
  return counts;
}

// A query naming a threat level offers that level's filter, when it is not the one chosen.
function levelOffers(words) {
  return levelBoxes
    .filter((box) => words.includes(box.value.toLowerCase()) && !onlyChosen(box))
    .map((box) => {
      const offer = offerButton(`Only ${box.value} statements`);
      offer.addEventListener("click", () => {
        for (const other of levelBoxes) other.checked = other === box;
        searchNow({ typing: false });
        queryBox.focus();
      });
      return offer;
    });
}

function onlyChosen(box) {
  return box.checked && levelBoxes.filter((other) => other.checked).length === 1;
}

function queryOffer(text, query) {
  const offer = offerButton(text);
  offer.addEventListener("click", () => {
    queryBox.value = query;
    searchNow({ typing: false });
    queryBox.focus();
  });
  return offer;
}

function offerButton(text) {
  const button = element("button", "search__offer", text);
  button.type = "button";
  return button;
}

function quoted(text) {
  return `“${text}”`;
}

// ---- "Did you mean …?" from the archive's own words ---------------------------

let vocabulary; // the archive's words and how many statements hold each, once a query needs them

function loadVocabulary() {
  vocabulary ??= fetch(root.dataset.words)
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(response.statusText))))
    .catch((error) => {
      vocabulary = undefined; // the next absent word tries again
      throw error;
    });
  return vocabulary;
}

// For each absent word, the archive's words nearest to it; none if the list cannot be loaded.
async function suggestions(absent) {
  const words = await loadVocabulary().catch(() => []);
  return absent.map((word) => [word, nearestWords(word, words)]);
}

// Pagefind (its script, WebAssembly and index) loads with the first search, not with the page:
// a reader who opens the page and leaves downloads none of it.
function loadPagefind() {
  loading ??= import(`${root.dataset.bundle}pagefind.js`).then(
    async (pagefind) => {
      await pagefind.options({ basePath: root.dataset.bundle, noWorker: true });
      await pagefind.init(); // the index's metadata and WebAssembly
      return pagefind;
    },
    (error) => {
      loading = undefined; // the next search tries again
      throw error;
    },
  );
  return loading;
}

function summary(count, query) {
  const found = `${count === 0 ? "No" : count} ${count === 1 ? "statement" : "statements"} found`;
  return `${found}${query ? ` for ${quoted(query)}` : ""}${filterGroups.some(checkedIn) ? " with the chosen filters" : ""}.`;
}

// Each value's count: for the current search (`counts`, by filter), or the whole archive's (null).
function showCounts(counts) {
  for (const group of filterGroups) {
    const groupCounts = counts?.[group.dataset.filter] ?? {};
    for (const label of group.querySelectorAll("label")) {
      const count = label.querySelector("[data-archive-count]");
      const value = label.querySelector("input").value;
      count.textContent = `(${counts ? (groupCounts[value] ?? 0) : count.dataset.archiveCount})`;
    }
  }
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

async function showResults(number, { results: found, message, offers }) {
  if (number !== searchNumber) return;
  results = found;
  shownCount = 0;
  resultList.replaceChildren();
  await showMore(number);
  if (number !== searchNumber) return;
  offerList.replaceChildren(...offers.map((offer) => element("li", "", offer)));
  offerList.hidden = offers.length === 0;
  statusLine.textContent = message;
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

// Until this script runs, the form submits as a plain GET form: the page loads again with its address.
function listen() {
  queryBox.addEventListener("input", () => {
    loadPagefind().catch(() => {}); // while the reader types; a search that needs it reports a failure
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => searchNow({ typing: true }), TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    searchNow({ typing: false });
  });
  for (const group of filterGroups) group.addEventListener("toggle", () => countOnOpening(group));
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

function start() {
  document.getElementById("search-no-script").hidden = true;
  listen();
  fillForm(new URLSearchParams(location.search));
  if (location.search) search();
}

start();
