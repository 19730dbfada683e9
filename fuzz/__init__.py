"""Privacy under sequences of edits, not only in fixed states.

A stateful property test (hypothesis's RuleBasedStateMachine, fuzz.machine) applies random
sequences of the editorial and member actions that change what a record shows, with a
canary word in every field, and after each step asks every public channel whether a
canary of something hidden comes out. It expects what the archive's own rule should give,
computed here from the actions alone (fuzz.world), never by asking archive.visibility.

tests/test_privacy_sequences.py runs it with a small budget in CI; `manage.py fuzz_privacy
--steps N` runs long campaigns in a throwaway database and prints what it covered.
"""
