"""Lets `python -m generator` run the command line."""

from generator.cli import main

main()
