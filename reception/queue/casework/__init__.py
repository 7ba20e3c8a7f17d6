"""The case after the counter (issue 13; DOMAIN.md "The case after the counter").

The visit ends at the window; the matter (信访事项) does not. This package holds
what follows the counter's registration:
- `matter`: the written notices delivered, the approved extension, the reply
  and the conclusion of a petition-channel matter;
- `baoan`: 包案, a case given to a leader with a unit, measures and a due date;
- `schema`: the tables and columns these need (migration 2101).
The one 督办 list over every due date is `reception.queue.supervision`.
Kept light: `migrations` imports `schema` from here.
"""
