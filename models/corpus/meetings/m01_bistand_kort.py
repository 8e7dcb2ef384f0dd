"""About 1 minute: a short follow-up on an application for ekonomiskt bistånd."""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m01_bistand_kort",
    title="Uppföljning av ansökan om ekonomiskt bistånd",
    area="ekonomiskt bistånd",
    date="2026-11-12",
    speakers=(
        Speaker("S1", "Erik Holm", "socialsekreterare", "sv+m1", 0.0),
        Speaker("S2", "Linda Ek", "sökande", "sv+f2", 120.0),
    ),
    lines=(
        Line(
            "S1",
            "Hej och välkommen. Jag heter Erik Holm och jag är socialsekreterare "
            "på ekonomiskt bistånd.",
        ),
        Line("S2", "Hej. Jag heter Linda Ek."),
        Line(
            "S1",
            "Vi ses i dag för att gå igenom din ansökan om ekonomiskt bistånd för december.",
            purpose=True,
        ),
        Line(
            "S2",
            "Jag har skickat in hyresavtalet, men jag har inte fått lönebeskedet från "
            "min förra arbetsgivare än.",
            negations=("jag har inte fått lönebeskedet",),
        ),
        Line(
            "S1",
            "Det gör inget. Vi kommer överens om att du lämnar lönebeskedet senast på torsdag.",
            agreements=("du lämnar lönebeskedet senast på torsdag",),
            dates=(D("på torsdag", "2026-11-19"),),
            next_steps=(D("du lämnar lönebeskedet senast på torsdag", "2026-11-19"),),
        ),
        Line(
            "S2",
            "Det ska jag göra. Om något händer kan du ringa mig på 070-412 38 95.",
            phone_numbers=("070-412 38 95",),
        ),
        Line(
            "S1",
            "Bra. Jag fattar beslut om din ansökan inom två veckor, och du får beslutet "
            "hemskickat med posten.",
            dates=(D("inom två veckor", "2026-11-26"),),
            next_steps=(D("Jag fattar beslut om din ansökan inom två veckor", "2026-11-26"),),
        ),
        Line("S2", "Tack, då vet jag vad som händer. Hej då."),
        Line("S1", "Hej då, Linda. Ha det bra."),
    ),
)
