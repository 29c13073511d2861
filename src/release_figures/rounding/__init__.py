"""Rounding as data: the intervals printed numbers stand for, and whole-number counts."""
