"""The layout stage: measure and fit text, divide space into grids."""
