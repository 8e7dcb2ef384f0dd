"""About 3 minutes, held out: LSS, a young man applies for daglig verksamhet; his mother is god man.

Held-out wording: no line uses the extractive layer's cue phrases (see ``HELD_OUT`` in
``models/corpus/scripts.py``). The decision is "Din ansökan går igenom, Oskar. Du får …", the
agreements are "Det låter klokt. Annika åker med …" and "Nio blir det, …", the next steps
are "Jag pratar med … på onsdag", "åker vi ut dit tillsammans den 7 januari" and "Brevet är
hemma hos er om tio dagar"; "nästa vecka" names no day.
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m09_lss_daglig_verksamhet",
    title="Ansökan om daglig verksamhet enligt LSS",
    area="funktionsstöd (LSS)",
    date="2026-12-07",
    start_time="13:00",
    place="Socialkontoret i Malmvik, samtalsrum 3",
    speakers=(
        Speaker("S1", "Sara Lindqvist", "LSS-handläggare", "sv+f2", 0.0),
        Speaker("S2", "Oskar Nyberg", "sökande", "sv+m1", 120.0),
        Speaker("S3", "Annika Nyberg", "mamma och god man", "sv+f5", 240.0),
    ),
    lines=(
        Line(
            "S1",
            "Hej, välkomna in. Jag heter Sara Lindqvist och jobbar som LSS-handläggare här i "
            "Malmvik. Det är jag som har fått din ansökan, Oskar.",
        ),
        Line("S2", "Hej. Jag heter Oskar Nyberg."),
        Line(
            "S3",
            "Och jag är Annika Nyberg, Oskars mamma. Jag är god man för honom sedan han fyllde "
            "arton.",
        ),
        Line(
            "S1",
            "Vad roligt att ni kom båda två. Du har sökt daglig verksamhet, Oskar, och i dag "
            "vill jag lära känna dig lite och höra vad du själv vill göra på dagarna.",
            purpose=True,
        ),
        Line("S1", "Vi börjar med det tråkiga. Vad har du för personnummer?"),
        Line(
            "S2",
            "Det kan jag inte utantill.",
            negations=("Det kan jag inte utantill",),
        ),
        Line("S3", "Det är 04 05 27-38 22.", personnummer=("04 05 27-38 22",)),
        Line("S1", "Tack. Hur ser en vanlig dag ut för dig nu?"),
        Line("S2", "Jag sover länge. Sen spelar jag och går ut med hunden."),
        Line(
            "S3",
            "Han gick ut gymnasiesärskolan i Köping för två år sedan. Sedan dess har han inte "
            "haft någon sysselsättning alls, och han sitter mycket ensam på sitt rum.",
            negations=("Sedan dess har han inte haft någon sysselsättning alls",),
        ),
        Line("S1", "Vad tyckte du var roligast i skolan, Oskar?"),
        Line("S2", "Slöjden. Jag gjorde en pall till mormor."),
        Line(
            "S1",
            "Här i kommunen finns Verkstaden, nere vid gamla sågen. Där snickrar de "
            "fågelholkar och bänkar, och så lagar de lunch ihop. Kunde det vara något för dig?",
        ),
        Line("S2", "Ja. Det låter kul."),
        Line("S1", "Hur många dagar i veckan tror du att du orkar?"),
        Line("S2", "Tre dagar."),
        Line(
            "S3",
            "Hela dagar klarar han inte. Det blir för mycket ljud och folk, det märkte vi redan "
            "i skolan.",
            negations=("Hela dagar klarar han inte",),
        ),
        Line("S1", "Då tänker vi förmiddagar till att börja med. Hur skulle du ta dig dit?"),
        Line("S2", "Med bussen. Jag kan åka själv."),
        Line(
            "S3",
            "Linje fyra går ju direkt, så det borde fungera. Men han har aldrig åkt den "
            "sträckan ensam.",
            negations=("han har aldrig åkt den sträckan ensam",),
        ),
        Line("S3", "Jag kan åka med honom första veckan, tills han känner sig säker."),
        Line(
            "S1",
            "Det låter klokt. Annika åker med på bussen första veckan, och blir det krångligt "
            "tittar vi på färdtjänst i stället.",
            agreements=("Annika åker med på bussen första veckan",),
        ),
        Line(
            "S1",
            "Utifrån det ni berättar tror jag att Oskar mår bra av att komma hemifrån och "
            "träffa folk, men att korta dagar är rätt i början.",
            assessment=True,
        ),
        Line(
            "S1",
            "Din ansökan går igenom, Oskar. Du får daglig verksamhet på Verkstaden tre "
            "förmiddagar i veckan, från och med den 11 januari.",
            decisions=("Du får daglig verksamhet på Verkstaden tre förmiddagar i veckan",),
            dates=(D("den 11 januari", "2027-01-11"),),
        ),
        Line("S2", "Vad bra. När börjar de på morgonen?"),
        Line("S1", "Klockan åtta, men det går att komma senare."),
        Line("S3", "Nio vore bättre. Han har svårt att komma upp på morgnarna."),
        Line(
            "S1",
            "Nio blir det, Oskar börjar klockan nio. Det ordnar jag med Verkstaden.",
            agreements=("Oskar börjar klockan nio",),
        ),
        Line(
            "S1",
            "Jag pratar med föreståndaren Peter Holm på onsdag, så att han vet att du kommer "
            "och att du blir trött av mycket ljud.",
            dates=(D("på onsdag", "2026-12-09"),),
            next_steps=(D("Jag pratar med föreståndaren Peter Holm på onsdag", "2026-12-09"),),
            third_parties=("Peter Holm",),
        ),
        Line(
            "S1",
            "Innan du börjar åker vi ut dit tillsammans den 7 januari och hälsar på. Passar det?",
            dates=(D("den 7 januari", "2027-01-07"),),
            next_steps=(D("åker vi ut dit tillsammans den 7 januari och hälsar på", "2027-01-07"),),
        ),
        Line("S3", "Det passar. Då är jag ledig från jobbet."),
        Line(
            "S3",
            "En sak till. Han vill flytta hemifrån längre fram, men han klarar inte tvätt och "
            "räkningar själv än.",
            negations=("han klarar inte tvätt och räkningar själv än",),
        ),
        Line(
            "S2",
            "Min kompis Viktor Åberg har egen lägenhet. Han har boendestöd.",
            third_parties=("Viktor Åberg",),
        ),
        Line(
            "S1",
            "Boendestöd kan vara ett bra steg. Det är en separat ansökan, och blanketten kommer "
            "hem till er nästa vecka.",
            next_steps=(D("blanketten kommer hem till er nästa vecka", None),),
        ),
        Line(
            "S1",
            "Allt vi har sagt i dag får ni också på papper. Brevet är hemma hos er om tio dagar.",
            dates=(D("om tio dagar", "2026-12-17"),),
            next_steps=(D("Brevet är hemma hos er om tio dagar", "2026-12-17"),),
        ),
        Line("S2", "Okej. Tack, Sara."),
        Line("S3", "Tack för att du tog dig tid."),
    ),
)
