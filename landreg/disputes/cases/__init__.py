"""A dispute case from opening to its outcome: opening it, its parties and evidence (services), its moves
(transitions), the freeze on its land while it is open, and the figures counted over cases."""
