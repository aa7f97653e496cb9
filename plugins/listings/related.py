"""Related statements: those sharing the most topics (tags and category), nearest in date first.

Each topic keeps its statements in date order, so only the few nearest in date
to a statement are scored: the cost stays proportional to the archive's size
however many statements share a popular tag.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

# How many statements on each side of a statement's date each of its topics offers as candidates.
CANDIDATES_PER_SIDE = 10


def topics(article) -> list[tuple[str, str]]:
    return [("category", article.category.name), *(("tag", tag.name) for tag in getattr(article, "tags", ()))]


class TopicIndex:
    """The published statements of each topic, oldest first."""

    def __init__(self, articles: Iterable) -> None:
        by_topic = defaultdict(list)
        oldest_first = sorted(articles, key=lambda a: a.statement.order_key)
        for article in oldest_first:
            for topic in topics(article):
                by_topic[topic].append(article)
        self.by_topic = dict(by_topic)
        self.dates = {topic: [a.date for a in members] for topic, members in self.by_topic.items()}
        # Each statement's moment and id, looked up once per candidate instead of worked out in each comparison.
        self.ranking = {article: (article.date.timestamp(), article.statement.id) for article in oldest_first}

    def nearest(self, topic: tuple[str, str], article) -> Sequence:
        members = self.by_topic.get(topic, [])
        middle = bisect.bisect_left(self.dates.get(topic, []), article.date)
        return members[max(0, middle - CANDIDATES_PER_SIDE) : middle + CANDIDATES_PER_SIDE + 1]

    def related(self, article, count: int) -> list:
        """Up to ``count`` statements sharing topics with ``article``: most shared first, then nearest in date."""
        shared = Counter()
        for topic in topics(article):
            shared.update(other for other in self.nearest(topic, article) if other is not article)
        moment = article.date.timestamp()
        ranked = sorted(
            (-topics_shared, abs(self.ranking[other][0] - moment), self.ranking[other][1], other)
            for other, topics_shared in shared.items()
        )
        return [other for *_, other in ranked[:count]]
