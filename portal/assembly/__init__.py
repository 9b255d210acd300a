"""The owners' assembly (业主大会): meetings, ballots on every channel, the legal tally."""
