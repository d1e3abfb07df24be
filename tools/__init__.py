"""Developer tools that are not part of the bot (run from the repository root)."""
