"""About 3 minutes, held out: äldreomsorg, a home visit about hemtjänst after a fall.

Held-out wording: no line uses the extractive layer's cue phrases (see ``HELD_OUT`` in
``models/corpus/scripts.py``). The decision is "Du får …", the agreements are "Det låter bra,
så blir det: …" and "Okej, då lägger vi …", the visit after this one is "jag kommer hit igen".
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m06_aldre_hemtjanst",
    title="Hembesök om hemtjänst och trygghetslarm",
    area="äldreomsorg",
    date="2026-11-24",
    place="Hembesök hos Gunnel Ström, Malmvik",
    speakers=(
        Speaker("S1", "Karin Dahl", "biståndshandläggare", "sv+f3", 0.0),
        Speaker("S2", "Gunnel Ström", "sökande", "sv+f5", 120.0),
        Speaker("S3", "Tomas Ström", "son", "sv+m2", 240.0),
    ),
    lines=(
        Line(
            "S1",
            "Hej Gunnel, tack för att jag fick komma hem till dig. Jag heter Karin Dahl och "
            "jag är biståndshandläggare inom äldreomsorgen här i Malmvik.",
        ),
        Line("S2", "Välkommen in. Jag heter Gunnel Ström, och det här är min son."),
        Line(
            "S3",
            "Hej, Tomas Ström heter jag. Jag körde upp från Växjö i går för att kunna vara med.",
        ),
        Line(
            "S1",
            "Jag är här för att höra hur du klarar vardagen efter fallet i oktober, och för att "
            "gå igenom din ansökan om hemtjänst och trygghetslarm.",
            purpose=True,
        ),
        Line("S1", "Kan du berätta vad som hände?"),
        Line(
            "S2",
            "Jag halkade i badrummet och bröt handleden. Jag låg på golvet i två timmar innan "
            "grannen hörde mig.",
        ),
        Line("S1", "Hur går det med handen nu?"),
        Line(
            "S2",
            "Gipset är borta, men jag kan inte bära matkassarna, och jag kommer inte ner i "
            "badkaret själv. Jag har inte ramlat fler gånger sedan dess.",
            negations=(
                "jag kan inte bära matkassarna",
                "jag kommer inte ner i badkaret själv",
                "Jag har inte ramlat fler gånger sedan dess",
            ),
        ),
        Line("S1", "Hur länge har du bott här i lägenheten?"),
        Line("S2", "Snart tjugo år."),
        Line("S1", "Och hur klarar du maten och städningen i dag?"),
        Line(
            "S2",
            "Maten lagar jag själv, det har jag alltid gjort. Men städningen orkar jag inte "
            "längre.",
            negations=("städningen orkar jag inte längre",),
        ),
        Line(
            "S3",
            "Jag är här varannan helg och handlar och tvättar. Men det är tjugo mil från Växjö, "
            "så jag hinner inte komma oftare.",
            negations=("jag hinner inte komma oftare",),
        ),
        Line("S1", "Hur fungerar det med medicinerna?"),
        Line(
            "S3",
            "Det är det som oroar mig mest. Mamma glömmer ibland kvällstabletten när hon är ensam.",
        ),
        Line(
            "S2",
            "Distriktssköterskan Lena Öhman kommer hit en gång i månaden och tar blodtrycket. "
            "Hon har också sagt att jag glömmer.",
            third_parties=("Lena Öhman",),
        ),
        Line(
            "S1",
            "Jag ringer Lena Öhman på torsdag och frågar om hon kan ordna en dosett med "
            "påminnelse.",
            dates=(D("på torsdag", "2026-11-26"),),
            next_steps=(D("Jag ringer Lena Öhman på torsdag", "2026-11-26"),),
            third_parties=("Lena Öhman",),
        ),
        Line(
            "S3",
            "Och jag kan ringa mamma varje kväll klockan sju och påminna henne om tabletten.",
        ),
        Line(
            "S1",
            "Det låter bra, så blir det: Tomas ringer varje kväll klockan sju och påminner om "
            "kvällstabletten.",
            agreements=("Tomas ringer varje kväll klockan sju och påminner om kvällstabletten",),
        ),
        Line(
            "S1",
            "Som jag ser det klarar du det mesta själv, Gunnel, men du behöver hjälp med det "
            "tunga, och en trygghet om du faller igen.",
            assessment=True,
        ),
        Line(
            "S1",
            "Jag har gått igenom din ansökan. Du får hemtjänst med hjälp att handla en gång i "
            "veckan och städning varannan vecka, från och med den 1 december. "
            "Trygghetslarmet får du också.",
            decisions=(
                (
                    "Du får hemtjänst med hjälp att handla en gång i veckan och städning varannan "
                    "vecka"
                ),
                "Trygghetslarmet får du också",
            ),
            dates=(D("den 1 december", "2026-12-01"),),
        ),
        Line(
            "S2",
            "Tack. Jag vill inte flytta till ett boende, jag vill bo kvar här så länge det går.",
            negations=("Jag vill inte flytta till ett boende",),
        ),
        Line("S1", "Vilken dag i veckan passar det bäst att hemtjänsten handlar åt dig?"),
        Line("S2", "Inte torsdagar, då har jag fotvård."),
        Line(
            "S1",
            "Okej, då lägger vi handlingen på tisdagar.",
            agreements=("då lägger vi handlingen på tisdagar",),
        ),
        Line("S2", "Ja, tisdag passar mig bra."),
        Line(
            "S1",
            "Larmet installeras av larmcentralen på fredag förmiddag. De ringer dig i morgon "
            "och säger en tid.",
            dates=(D("på fredag", "2026-11-27"), D("i morgon", "2026-11-25")),
            next_steps=(
                D("Larmet installeras av larmcentralen på fredag förmiddag", "2026-11-27"),
                D("De ringer dig i morgon och säger en tid", "2026-11-25"),
            ),
        ),
        Line(
            "S3",
            "Kan de ringa mig i stället? Mamma svarar inte alltid när det ringer. Mitt nummer "
            "är 070-318 46 72.",
            negations=("Mamma svarar inte alltid när det ringer",),
            phone_numbers=("070-318 46 72",),
        ),
        Line("S1", "Det går bra, jag skriver in ditt nummer."),
        Line(
            "S1",
            "Hjälpen med duschen vill jag titta närmare på tillsammans med arbetsterapeuten. "
            "Svar om duschen skickar jag hem till dig senast den 4 december.",
            dates=(D("den 4 december", "2026-12-04"),),
            next_steps=(
                D("Svar om duschen skickar jag hem till dig senast den 4 december", "2026-12-04"),
            ),
        ),
        Line(
            "S1",
            "Sedan kommer jag hit igen om tre veckor och hör hur hjälpen fungerar.",
            dates=(D("om tre veckor", "2026-12-15"),),
            next_steps=(
                D("kommer jag hit igen om tre veckor och hör hur hjälpen fungerar", "2026-12-15"),
            ),
        ),
        Line("S2", "Då har jag kaffe klart. Tack, Karin."),
        Line("S3", "Tack för att du kom."),
    ),
)
