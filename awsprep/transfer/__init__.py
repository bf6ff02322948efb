"""Moving study material in and out of awsprep.

- `notes`: study notes (Markdown, dashed-line blocks, `term: definition` lines, blog prose) to
  draft cards, written as a content folder by `drafts`.
- `formats` picks the writer: `anki` (an Anki package), `csv_export` (a spreadsheet, or a file for
  Anki's importer), `markdown` (a page per topic); `items` holds what they share.
- `progress`: a whole learner (settings, reviews, card states, mock exams, flags) as JSON, merged
  back idempotently; `progress_file` reads and checks such a file.
"""
