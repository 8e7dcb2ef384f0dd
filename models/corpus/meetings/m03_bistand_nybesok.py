"""About 3 minutes: a first visit about ekonomiskt bistånd, with a budget and debt adviser."""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m03_bistand_nybesok",
    title="Nybesök ekonomiskt bistånd med budget- och skuldrådgivning",
    area="ekonomiskt bistånd",
    date="2026-11-12",
    speakers=(
        Speaker("S1", "Sara Lind", "socialsekreterare", "sv+f1", 30.0),
        Speaker("S2", "Ahmed Hassan", "sökande", "sv+m3", 150.0),
        Speaker("S3", "Peter Sjöberg", "budget- och skuldrådgivare", "sv+m1", 270.0),
    ),
    lines=(
        Line(
            "S1",
            "Välkommen. Jag heter Sara Lind och jag är socialsekreterare på ekonomiskt bistånd.",
        ),
        Line(
            "S3",
            "Jag heter Peter Sjöberg och jag arbetar som budget- och skuldrådgivare i kommunen.",
        ),
        Line("S2", "Hej, jag heter Ahmed Hassan."),
        Line(
            "S1",
            "Syftet med mötet är att gå igenom din ansökan om ekonomiskt bistånd och se över "
            "din ekonomi tillsammans med Peter.",
            purpose=True,
        ),
        Line(
            "S1",
            "Jag behöver ditt personnummer för att kunna söka fram ärendet.",
        ),
        Line(
            "S2",
            "Det är 79 09 25-31 45.",
            personnummer=("79 09 25-31 45",),
        ),
        Line(
            "S1",
            "Tack. Berätta hur din situation ser ut just nu.",
        ),
        Line(
            "S2",
            "Jag blev uppsagd från lagret i september. Jag har inte fått någon ersättning från "
            "a-kassan än, eftersom jag inte var med i någon a-kassa. Hyran för november är "
            "inte betald.",
            negations=(
                "Jag har inte fått någon ersättning från a-kassan än",
                "Hyran för november är inte betald",
            ),
        ),
        Line(
            "S2",
            "Men jag har anmält mig på Arbetsförmedlingen och jag går på ett möte där varje vecka.",
        ),
        Line("S1", "Har du sökt några jobb den senaste månaden?"),
        Line(
            "S2",
            "Ja, jag har sökt sex jobb inom lager och transport. Jag har en intervju hos ett "
            "åkeri nästa vecka, men jag har inte fått något svar från de andra.",
            negations=("jag har inte fått något svar från de andra",),
        ),
        Line("S1", "Vilka bor i ditt hushåll?"),
        Line(
            "S2",
            "Jag bor ensam i en tvåa, men min son bor hos mig varannan vecka. Han är nio år.",
        ),
        Line("S3", "Hur mycket betalar du i hyra och el varje månad?"),
        Line(
            "S2",
            "Hyran är 7 400 kronor och elen är ungefär 600 kronor i månaden. Sedan har jag "
            "ett mobilabonnemang och ett busskort.",
        ),
        Line(
            "S3",
            "Har du några skulder hos Kronofogden?",
        ),
        Line(
            "S2",
            "Nej, jag har inga skulder hos Kronofogden. Men jag har lånat 5 000 kronor av min "
            "bror Yusuf Hassan.",
            negations=("jag har inga skulder hos Kronofogden",),
            third_parties=("Yusuf Hassan",),
        ),
        Line(
            "S3",
            "Då föreslår jag att vi gör en budget tillsammans på måndag klockan 13, så att du "
            "får en bild av dina utgifter.",
            dates=(D("på måndag", "2026-11-16"),),
            next_steps=(D("vi gör en budget tillsammans på måndag klockan 13", "2026-11-16"),),
        ),
        Line("S2", "Ja, det vill jag gärna."),
        Line(
            "S1",
            "Jag har gått igenom underlaget. Mitt beslut är att du beviljas ekonomiskt bistånd "
            "för november med 6 200 kronor, och att hyran betalas direkt till hyresvärden.",
            decisions=(
                "du beviljas ekonomiskt bistånd för november med 6 200 kronor",
                "hyran betalas direkt till hyresvärden",
            ),
        ),
        Line(
            "S1",
            "Vi kommer överens om att du skickar kontoutdragen för oktober senast den 30 "
            "november. Du kan mejla dem till sara.lind@malmvik.se.",
            agreements=("du skickar kontoutdragen för oktober senast den 30 november",),
            dates=(D("den 30 november", "2026-11-30"),),
            next_steps=(
                D("du skickar kontoutdragen för oktober senast den 30 november", "2026-11-30"),
            ),
            emails=("sara.lind@malmvik.se",),
        ),
        Line(
            "S2",
            "Okej. Jag har ingen dator hemma, men jag kan skicka dem från biblioteket.",
            negations=("Jag har ingen dator hemma",),
        ),
        Line(
            "S1",
            "Om du inte skickar kontoutdragen i tid kan vi inte pröva ansökan för december. "
            "Säg till om det blir svårt, så hittar vi en lösning.",
            negations=("Om du inte skickar kontoutdragen i tid kan vi inte pröva ansökan",),
        ),
        Line(
            "S3",
            "Du når mig på 0480-45 12 30 om något är oklart inför måndag.",
            phone_numbers=("0480-45 12 30",),
        ),
        Line("S2", "Tack, det är bra att veta."),
        Line(
            "S1",
            "Då avslutar vi här. Tack för i dag, Ahmed.",
        ),
    ),
)
