"""Writes for boards: open and run them (phases, reveal, share), post and change notes,
comment, react, dot-vote, and moderate (hide, highlight, move, cluster, merge, delete).

Every rule is checked here, role and scope alike: a participant acts only on their own notes
and on boards of the room or of their own team; a co-facilitator moderates only the boards
of the teams they moderate; the facilitator moderates everything.

One module per part of the work, as the facilitator and participants see it: `opening`
(boards from the course, made up live, per team), `running` (columns, phases, reveal,
share), `notes`, `clusters` (and merging duplicates), `responses` (comments, reactions, dot
votes). They share `reach` (looking things up with the actor's reach checked) and
`recording` (the events, with the same views as the snapshot); names there that begin with
an underscore are for this package only.
"""
