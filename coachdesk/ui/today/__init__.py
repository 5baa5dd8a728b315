"""The Today page: the clinic and follow-ups due."""
