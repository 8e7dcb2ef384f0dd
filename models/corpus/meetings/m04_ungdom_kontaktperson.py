"""About 5 minutes: children and youth, follow-up of a contact person for a 16-year-old."""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m04_ungdom_kontaktperson",
    title="Uppföljning av insatsen kontaktperson",
    area="barn och unga",
    date="2026-11-12",
    speakers=(
        Speaker("S1", "Lars Nyström", "socialsekreterare", "sv+m3", 0.0),
        Speaker("S2", "Elin Svensson", "ungdom", "sv+f5", 90.0),
        Speaker("S3", "Mikael Andersson", "kontaktperson", "sv+m2", 210.0),
    ),
    lines=(
        Line(
            "S1",
            "Då börjar vi. Jag heter Lars Nyström och jag är socialsekreterare på enheten för "
            "barn och unga.",
        ),
        Line("S2", "Jag heter Elin Svensson och jag är 16 år."),
        Line(
            "S3",
            "Och jag heter Mikael Andersson. Jag är Elins kontaktperson sedan i våras.",
        ),
        Line(
            "S1",
            "Syftet med mötet i dag är att följa upp hur insatsen med kontaktperson har "
            "fungerat, och att bestämma hur vi går vidare efter årsskiftet.",
            purpose=True,
        ),
        Line(
            "S3",
            "Jag kan börja med att säga att vi har träffats 28 gånger sedan april. Vi har bara "
            "ställt in två gånger, och båda gångerna var det jag som var sjuk.",
        ),
        Line("S1", "Tack, Mikael."),
        Line("S1", "Elin, vill du börja med att berätta hur du tycker att det har gått?"),
        Line(
            "S2",
            "Det har gått bättre än jag trodde. Jag och Mikael ses varje onsdag. Vi brukar "
            "gå till gymmet eller ta en fika och prata.",
        ),
        Line(
            "S2",
            "Jag röker inte längre, och jag har inte träffat de äldre killarna sedan i oktober.",
            negations=(
                "Jag röker inte längre",
                "jag har inte träffat de äldre killarna sedan i oktober",
            ),
        ),
        Line("S1", "Vad bra att höra. Hur går det i skolan?"),
        Line(
            "S2",
            "Det går okej. Jag är där nästan varje dag nu. Men jag har inte klarat "
            "matteprovet, och jag tycker att engelskan är svår.",
            negations=("jag har inte klarat matteprovet",),
        ),
        Line(
            "S3",
            "Elin har själv tagit kontakt med sin mentor Eva Strand för att få extra hjälp "
            "med matten. Det tycker jag är starkt gjort.",
            third_parties=("Eva Strand",),
        ),
        Line("S1", "Hur mår du annars? Hur sover du?"),
        Line(
            "S2",
            "Jag sover bättre nu. Jag lägger undan mobilen klockan elva på vardagarna. Men "
            "jag har fortfarande ont i huvudet ibland när det är stressigt i skolan.",
        ),
        Line(
            "S3",
            "Vi har pratat om att hon kan gå till skolsköterskan för huvudvärken, men hon "
            "har inte gjort det än.",
            negations=("hon har inte gjort det än",),
        ),
        Line("S1", "Elin, vad tycker du om att boka en tid hos skolsköterskan?"),
        Line(
            "S2",
            "Jag kan boka en tid själv nästa vecka.",
        ),
        Line(
            "S1",
            "Bra. Då kommer vi överens om att du själv bokar en tid hos skolsköterskan "
            "nästa vecka.",
            agreements=("du själv bokar en tid hos skolsköterskan nästa vecka",),
            next_steps=(D("du själv bokar en tid hos skolsköterskan nästa vecka", None),),
        ),
        Line("S1", "Hur är det hemma just nu, Elin?"),
        Line(
            "S2",
            "Med mamma är det lugnare. Vi bråkar inte lika mycket. Men jag har inte pratat "
            "med min pappa Thomas Svensson sedan sommaren, och det känns jobbigt.",
            negations=("jag har inte pratat med min pappa Thomas Svensson sedan sommaren",),
            third_parties=("Thomas Svensson",),
        ),
        Line(
            "S1",
            "Vill du att vi hjälper till med kontakten med din pappa, eller vill du vänta med det?",
        ),
        Line(
            "S2",
            "Jag vill vänta. Jag vill inte att ni ringer honom just nu.",
            negations=("Jag vill inte att ni ringer honom just nu",),
        ),
        Line(
            "S1",
            "Det respekterar vi. Vi tar upp det igen när du själv vill.",
        ),
        Line(
            "S3",
            "En sak som har varit svår är helgerna. Elin säger att hon ofta är ensam på "
            "lördagar, och då är det lätt att hamna i gamla mönster.",
        ),
        Line(
            "S2",
            "Ja, min kompis Nora Karlsson har flyttat till Göteborg, så jag har ingen att "
            "vara med på helgerna.",
            negations=("jag har ingen att vara med på helgerna",),
            third_parties=("Nora Karlsson",),
        ),
        Line(
            "S3",
            "Jag har tittat på fritidsgården vid torget. De har öppet på lördagar och de "
            "söker unga som vill vara med och planera aktiviteter.",
        ),
        Line("S2", "Det kan jag tänka mig att testa."),
        Line(
            "S1",
            "Då kommer vi överens om att Mikael följer med Elin till fritidsgården på "
            "fredag, så att hon får träffa personalen där.",
            agreements=("Mikael följer med Elin till fritidsgården på fredag",),
            dates=(D("på fredag", "2026-11-13"),),
            next_steps=(D("Mikael följer med Elin till fritidsgården på fredag", "2026-11-13"),),
        ),
        Line(
            "S3",
            "Det fungerar för mig. Elin kan nå mig på 073-561 20 48 om tiden behöver ändras.",
            phone_numbers=("073-561 20 48",),
        ),
        Line(
            "S3",
            "Jag vill också säga att Elin har kommit i tid till alla våra träffar i höstas, "
            "utom en gång när hon var sjuk.",
        ),
        Line(
            "S1",
            "Det är viktigt att vi ser det som fungerar. Finns det något du vill ändra i "
            "träffarna med Mikael?",
        ),
        Line(
            "S2",
            "Jag vill gärna att vi ibland gör något annat än att gå till gymmet, till "
            "exempel laga mat eller gå på bio.",
        ),
        Line("S3", "Det går bra. Vi kan planera det tillsammans."),
        Line(
            "S1",
            "Elin, vill du fortsätta att träffa Mikael efter årsskiftet?",
        ),
        Line(
            "S2",
            "Ja, det vill jag. Det är skönt att ha någon att prata med som inte är mamma "
            "eller skolan.",
        ),
        Line(
            "S1",
            "Då fattar jag beslut om att insatsen kontaktperson fortsätter till och med den "
            "30 juni 2027, med en träff i veckan som i dag.",
            decisions=(
                (
                    "insatsen kontaktperson fortsätter till och med den 30 juni 2027, med en "
                    "träff i veckan"
                ),
            ),
            dates=(D("den 30 juni 2027", "2027-06-30"),),
        ),
        Line(
            "S1",
            "Vi kommer också överens om att Elin tar med sitt schema för vårterminen till "
            "nästa möte, så att vi kan planera träffarna.",
            agreements=("Elin tar med sitt schema för vårterminen till nästa möte",),
        ),
        Line(
            "S1",
            "Nästa uppföljning blir den 10 december klockan 15 här på kontoret.",
            dates=(D("den 10 december", "2026-12-10"),),
            next_steps=(D("Nästa uppföljning blir den 10 december klockan 15", "2026-12-10"),),
        ),
        Line("S2", "Okej. Tack."),
        Line("S3", "Tack, vi ses på fredag, Elin."),
    ),
)
