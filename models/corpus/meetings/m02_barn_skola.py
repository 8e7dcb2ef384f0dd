"""About 2 minutes: children and youth, a parent after a report of concern from school."""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m02_barn_skola",
    title="Samtal med förälder efter orosanmälan från skolan",
    area="barn och unga",
    date="2026-11-12",
    speakers=(
        Speaker("S1", "Anna Berg", "socialsekreterare", "sv+f4", 0.0),
        Speaker("S2", "Maria Johansson", "mamma", "sv+f2", 180.0),
    ),
    lines=(
        Line(
            "S1",
            "Välkommen hit. Jag heter Anna Berg och jag är socialsekreterare på enheten "
            "för barn och unga.",
        ),
        Line("S2", "Tack. Jag heter Maria Johansson och jag är mamma till Leo."),
        Line(
            "S1",
            "Syftet med mötet är att prata om orosanmälan som kom från Leos skola förra "
            "veckan. Kan du först bekräfta Leos personnummer?",
            purpose=True,
        ),
        Line("S2", "Ja, det är 12 04 15-23 81.", personnummer=("12 04 15-23 81",)),
        Line(
            "S1",
            "Tack. Skolan skriver att Leo har varit frånvarande mycket den här hösten. "
            "Hur ser det ut hemma?",
        ),
        Line(
            "S2",
            "Det stämmer tyvärr. Han går inte till skolan på måndagar, för han säger att "
            "han har ont i magen. Han sover dåligt och är uppe sent på nätterna.",
            negations=("Han går inte till skolan på måndagar",),
        ),
        Line("S1", "Finns det något som fungerar bra för Leo just nu?"),
        Line(
            "S2",
            "Ja, han tränar fotboll tre gånger i veckan och det går jättebra. Han har "
            "många kompisar i laget.",
        ),
        Line("S1", "Hur har Leo det med kompisarna i skolan?"),
        Line(
            "S2",
            "Han har två bra kompisar i klassen. Men han har berättat att några äldre elever "
            "retar honom på rasterna, och han vill inte att jag pratar med skolan om det.",
            negations=("han vill inte att jag pratar med skolan om det",),
        ),
        Line("S1", "Har du haft kontakt med skolan om frånvaron?"),
        Line(
            "S2",
            "Ja, jag har pratat med hans lärare Karin Lund. Hon säger att Leo är duktig "
            "i matte, men att han inte hänger med i svenska.",
            negations=("han inte hänger med i svenska",),
            third_parties=("Karin Lund",),
        ),
        Line(
            "S1",
            "Min bedömning är att Leo har ett bra stöd hemma, men jag är orolig för att "
            "frånvaron har ökat.",
            assessment=True,
        ),
        Line(
            "S1",
            "Vi kommer överens om att jag kontaktar skolkuratorn Johan Ek inom två veckor, "
            "och att du följer med Leo till skolan på måndagar.",
            agreements=(
                "jag kontaktar skolkuratorn Johan Ek inom två veckor",
                "du följer med Leo till skolan på måndagar",
            ),
            dates=(D("inom två veckor", "2026-11-26"),),
            next_steps=(D("jag kontaktar skolkuratorn Johan Ek inom två veckor", "2026-11-26"),),
            third_parties=("Johan Ek",),
        ),
        Line(
            "S2",
            "Det låter bra. Jag vill inte att han ska hamna efter.",
            negations=("Jag vill inte att han ska hamna efter",),
        ),
        Line(
            "S1",
            "Nästa möte blir den 3 december klockan 10 här på kontoret.",
            dates=(D("den 3 december", "2026-12-03"),),
            next_steps=(D("Nästa möte blir den 3 december klockan 10", "2026-12-03"),),
        ),
        Line("S2", "Det passar bra. Tack för i dag."),
    ),
)
