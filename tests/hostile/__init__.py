"""The hostile-input corpus and its runner."""
