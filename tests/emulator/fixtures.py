"""pytest fixtures for the cloud emulator (work in progress: fixtures land shortly)."""
