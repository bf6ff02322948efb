"""Moving study material in and out of awsprep.

- `notes`: study notes (Markdown, dashed-line blocks, `term: definition` lines, blog prose) to
  draft cards, written as a content folder by `drafts`.
- `anki` and `csv_export`: the corpus as an Anki package or a spreadsheet.
- `progress`: the review history (review log and card state) as JSON, merged back idempotently.
"""
