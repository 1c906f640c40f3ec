"""The content stage: TOML files in, an immutable model out."""
