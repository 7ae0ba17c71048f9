"""The idea pages residents use: submit (with a preview), read, vote, follow, comment, flag.

Views are thin: who may do what is ``ideas.rules``, every change is ``ideas.services``
(which checks the rule again inside its transaction and raises ``IdeaError`` with a
sentence for the person).
"""
