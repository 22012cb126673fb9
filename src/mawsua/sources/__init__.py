"""Readers: files and URLs in, RawItem (or a coded failure) out."""
