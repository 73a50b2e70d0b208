"""The English knowledge the rules share: word case and item polarity."""
