"""The instrument manager's parts: the list, the versions of one instrument, its dialogs."""
