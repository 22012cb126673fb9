"""Mawsua: an Arabic-first news aggregator and news-intelligence engine."""

__version__ = "0.1.0"
