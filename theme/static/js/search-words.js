// What the search page asks Pagefind for a reader's query, and which of its words no statement has.
// Shared by the page (search.js) and the benchmark's judged queries (bench/search_quality.py), so
// that the benchmark scores what readers get.

// Words too common to search by: nearly every statement has them, and their parts of the word index
// are the largest (at 10,000 statements, "the", "in" and "at" were 768 kB of a ten-word title's
// 964 kB). They are left out of a query, and the status line says so, unless the query has no other
// words or is a "quoted phrase", whose words Pagefind finds together, in order.
export const COMMON_WORDS = new Set(["a", "an", "and", "are", "as", "at", "be", "been", "by", "for", "from", "has",
  "have", "in", "into", "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was",
  "were", "will", "with"]); // prettier-ignore

// A query's words as Pagefind reads them: in lower case, without punctuation, once each.
export function wordsOf(query) {
  return [...new Set(query.toLowerCase().replace(/\p{P}/gu, "").split(/\s+/).filter(Boolean))];
}

// What is asked of Pagefind for a query: its words less the common ones (those are `common`).
export function termsOf(query) {
  const words = wordsOf(query);
  if (/^\s*".+"\s*$/.test(query)) return { words, common: [], term: query };
  const searched = words.filter((word) => !COMMON_WORDS.has(word));
  const kept = searched.length ? searched : words;
  return { words: kept, common: words.filter((word) => !kept.includes(word)), term: kept.join(" ") };
}

// The words no statement holds in any form (Pagefind's exact search of one word, in quotes, matches
// its forms and nothing else); the parts of the index they need are loaded already.
export async function absentWords(pagefind, words) {
  const counts = await Promise.all(words.map(async (word) => (await pagefind.search(`"${word}"`)).results.length));
  return words.filter((word, index) => counts[index] === 0);
}

// The archive's words (`words`: [word, statements] pairs, commonest first) nearest to `word`: the
// fewest edits (a letter added, left out, changed or two swapped; at most 1 for words of up to four
// letters, 2 up to eight, else 3), then the commonest; three at most.
export function nearestWords(word, words) {
  const most = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  const near = [];
  for (const [candidate] of words) {
    if (Math.abs(candidate.length - word.length) > most) continue;
    const edits = editDistance(word, candidate);
    if (edits <= most) near.push([candidate, edits]);
  }
  near.sort((a, b) => a[1] - b[1]); // stable: the commoner first among equals
  return near.slice(0, 3).map(([candidate]) => candidate);
}

// Edits from one word to the other (optimal string alignment: insertions, deletions, changes and
// swaps of two neighbouring letters).
function editDistance(a, b) {
  let before = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        current[j] = Math.min(current[j], before[j - 2] + 1);
      }
    }
    [before, previous] = [previous, current];
  }
  return previous[b.length];
}
