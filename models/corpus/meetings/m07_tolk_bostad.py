"""About 3 minutes, held out: bostad, a newly arrived family's sublet ends; through an interpreter.

The client, Amal, speaks Arabic; what she says reaches the room in the interpreter's voice,
in the third person ("Hon säger att …", "Hon berättar att …"), as a Swedish transcript would
show it. Amal herself says only short things in Swedish (her name, her personnummer, "Åtta
månader."). The caseworker speaks to Amal directly ("du"). The Arabic itself is not in the
script. Held-out wording: no line uses the extractive layer's cue phrases.
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m07_tolk_bostad",
    title="Samtal med tolk om bostad när andrahandskontraktet upphör",
    area="bostad",
    date="2026-12-03",
    place="Socialkontoret i Malmvik, samtalsrum 4",
    speakers=(
        Speaker("S1", "Johan Ekberg", "socialsekreterare", "sv+m3", 30.0),
        Speaker("S2", "Amal Yousef", "sökande", "sv+f2", 150.0),
        Speaker("S3", "Nadia Haddad", "tolk", "sv+f4", 270.0),
    ),
    lines=(
        Line(
            "S1",
            "Välkomna. Jag heter Johan Ekberg och jag är socialsekreterare. Jag arbetar med "
            "bostadsfrågor här på socialkontoret.",
        ),
        Line(
            "S3",
            "Jag heter Nadia Haddad och jag är tolk i arabiska. Jag tolkar allt som sägs här i "
            "rummet, och jag har tystnadsplikt.",
        ),
        Line("S2", "Hej. Jag heter Amal Yousef."),
        Line(
            "S1",
            "Vi träffas i dag för att prata om var familjen kan bo efter nyår, när ert kontrakt "
            "tar slut. Jag pratar direkt till dig, Amal, och Nadia tolkar.",
            purpose=True,
        ),
        Line("S1", "Kan du börja med att säga ditt personnummer?"),
        Line("S2", "Ja. 88 07 21-82 46.", personnummer=("88 07 21-82 46",)),
        Line("S1", "Tack. Hur länge har ni bott i lägenheten på Storgatan?"),
        Line("S2", "Åtta månader."),
        Line(
            "S3",
            "Hon säger att familjen kom till Sverige för två år sedan och först bodde på ett "
            "boende i Boden. Sedan fick de lägenheten här i Malmvik i andra hand.",
        ),
        Line("S1", "Vilka bor i lägenheten?"),
        Line(
            "S3",
            "Hon säger att hon bor där med sin man Karim Yousef och deras två barn, som är sju "
            "och fyra år. Karim arbetar på ett bageri på morgnarna.",
            third_parties=("Karim Yousef",),
        ),
        Line("S1", "Vad har hyresvärden sagt om kontraktet?"),
        Line(
            "S3",
            "Hon säger att hyresvärden inte vill förlänga kontraktet efter den 31 december, "
            "eftersom hans dotter flyttar in då.",
            negations=("hyresvärden inte vill förlänga kontraktet",),
            dates=(D("den 31 december", "2026-12-31"),),
        ),
        Line("S1", "Har ni sökt andra lägenheter?"),
        Line(
            "S3",
            "Hon berättar att hon har skrivit till fyra bostadsbolag, men att de inte har fått "
            "något svar. Karims bror bor i Örebro, men familjen kan inte bo hos honom, för han "
            "har bara ett rum.",
            negations=("de inte har fått något svar", "familjen kan inte bo hos honom"),
        ),
        Line("S1", "Har ni några skulder för hyran?"),
        Line("S2", "Nej. Ingen skuld.", negations=("Ingen skuld",)),
        Line(
            "S3",
            "Hon säger att de alltid har betalat hyran i tid, och att hon har kvitton på det.",
        ),
        Line("S1", "Det är bra. Har du hört talas om kommunens bostadskö?"),
        Line(
            "S3",
            "Hon säger att hon inte visste att det fanns en kö i kommunen. Hon vill gärna "
            "anmäla familjen.",
            negations=("hon inte visste att det fanns en kö i kommunen",),
        ),
        Line(
            "S1",
            "Då hjälper jag dig att anmäla familjen i bostadskön direkt efter mötet.",
            next_steps=(
                D("hjälper jag dig att anmäla familjen i bostadskön direkt efter mötet", None),
            ),
        ),
        Line(
            "S1",
            "Jag har prövat er ansökan om hjälp med boende. Familjen får ett tillfälligt boende "
            "genom kommunen från och med den 1 januari, så att ni har någonstans att bo.",
            decisions=(
                "Familjen får ett tillfälligt boende genom kommunen från och med den 1 januari",
            ),
            dates=(D("den 1 januari", "2027-01-01"),),
        ),
        Line(
            "S3",
            "Hon säger tack. Hon frågar var boendet ligger, och om barnen kan gå kvar i samma "
            "skola.",
        ),
        Line(
            "S1",
            "Det vet jag inte än. Jag skickar ett brev till er senast den 10 december med "
            "adressen och vad boendet kostar.",
            dates=(D("den 10 december", "2026-12-10"),),
            next_steps=(
                D("Jag skickar ett brev till er senast den 10 december med adressen", "2026-12-10"),
            ),
        ),
        Line(
            "S1",
            "Jag ringer också hyresvärden på måndag och frågar om ni kan bo kvar en månad till.",
            dates=(D("på måndag", "2026-12-07"),),
            next_steps=(D("Jag ringer också hyresvärden på måndag", "2026-12-07"),),
        ),
        Line(
            "S3",
            "Hon säger att det vore en stor hjälp. Hon undrar om hon behöver lämna några papper.",
        ),
        Line("S1", "Ja, jag behöver kopior på era uppehållstillstånd och på hyreskontraktet."),
        Line(
            "S3",
            "Hon säger att hon lämnar kopiorna i receptionen på onsdag.",
            agreements=("hon lämnar kopiorna i receptionen på onsdag",),
            dates=(D("på onsdag", "2026-12-09"),),
            next_steps=(D("hon lämnar kopiorna i receptionen på onsdag", "2026-12-09"),),
        ),
        Line(
            "S1",
            "Okej, onsdag går bra. Och får ni besked från något bostadsbolag, då ringer du mig "
            "på en gång.",
            agreements=("får ni besked från något bostadsbolag, då ringer du mig på en gång",),
        ),
        Line("S2", "Ja. Jag ringer dig."),
        Line(
            "S1",
            "Vi träffas här igen tisdag den 12 januari klockan tio. Kan Karim komma då också?",
            dates=(D("den 12 januari", "2027-01-12"),),
            next_steps=(D("Vi träffas här igen tisdag den 12 januari klockan tio", "2027-01-12"),),
        ),
        Line(
            "S3",
            "Hon säger att det går bra. Karim slutar på bageriet klockan ett, så han kan komma.",
        ),
        Line(
            "S1",
            "Det låter bra, så blir det. Karim följer med den 12 januari, och Nadia tolkar igen.",
            agreements=("Karim följer med den 12 januari",),
            dates=(D("den 12 januari", "2027-01-12"),),
        ),
        Line("S3", "Hon säger tack för hjälpen."),
        Line("S2", "Tack. Hej då."),
    ),
)
