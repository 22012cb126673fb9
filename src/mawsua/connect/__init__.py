"""connect stage: duplicates, stories and sections (see docs/connect.md).

``features`` (pure, per article) -> ``link`` (the writer's step, state in SQLite tables) ->
``read`` (listings for the CLI, API and website); ``sections`` holds the country and topic
votes.
"""
