"""Plans side by side: targets, responsibility profiles, themes, tasks taken up, citations; the report."""
