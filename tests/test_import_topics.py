"""`awsprep import` drafts whose topic id is a built-in topic's keep the built-in title and domain, so
the loader still takes the file once the learner deletes `draft: true`."""

from __future__ import annotations

import yaml

from awsprep.content.load import load_all
from helpers import run

NOTES = """\
# Lambda

- Reserved concurrency caps how many instances of a function may run at the same time.

# CloudFront

- CloudFront caches responses at edge locations close to the viewers of a site.

# Data stores

## Picking one

- Choose the right store for the job: relational when the queries need joins.

# Resilience

## Retries

- Retries with jitter spread out the load on a service after an outage.
"""


def test_drafts_in_built_in_topics_keep_their_title_and_domain(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES)
    out = tmp_path / "out"

    result = run("import", str(notes), "--out", str(out))

    assert result.exit_code == 0 and result.exception is None, result.output + result.stderr
    built_in = load_all().topics
    written = {path.stem: yaml.safe_load(path.read_text()) for path in (out / "topics").glob("*.yaml")}
    # lambda: a keyword topic whose own title differs; cloudfront: also its domain; data-stores: a
    # section title naming a keyword topic; resilience: a section title naming a built-in topic only.
    assert {"lambda", "cloudfront", "data-stores", "resilience"} <= set(written), sorted(written)
    for topic_id, document in written.items():
        if topic_id in built_in:
            assert (document["title"], document["domain"]) == (built_in[topic_id].title, built_in[topic_id].domain)
        path = out / "topics" / f"{topic_id}.yaml"
        path.write_text(path.read_text().replace("draft: true\n", ""))
    checked = run("--content", str(out), "content", "check")
    assert "is already defined" not in checked.stderr, checked.stderr
