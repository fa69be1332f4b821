"""The PySide6 front end of Fieldnotes: windows, screens, dialogs and Qt models."""
