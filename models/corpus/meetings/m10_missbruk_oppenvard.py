"""About 3 minutes, held out: missbruk, a follow-up with a client in öppenvård for alcohol.

Two speakers; the nurse at the beroendemottagning, Linda Berggren, is talked about, not
present. Held-out wording: no line uses the extractive layer's cue phrases. The decision is
"Din tid i öppenvården förlängs …", the agreements are "Så säger vi. …" and "Då gör vi så. …",
the next steps are "i morgon bitti", "hör du av dig till mig, senast den 30 december", "vi
hörs på telefon nästa tisdag" and "klockan nio den 5 januari är du välkommen hit igen".
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m10_missbruk_oppenvard",
    title="Uppföljande samtal under öppenvård för alkohol",
    area="missbruk och beroende",
    date="2026-12-17",
    start_time="14:00",
    place="Socialkontoret i Malmvik, samtalsrum 5",
    speakers=(
        Speaker("S1", "Maria Sjöberg", "socialsekreterare", "sv+f1", 30.0),
        Speaker("S2", "Daniel Ek", "klient", "sv+m3", 180.0),
    ),
    lines=(
        Line(
            "S1",
            "Hej Daniel, kom in och slå dig ner. Jag är Maria Sjöberg, socialsekreterare på "
            "vuxenenheten, vi har ju träffats några gånger nu.",
        ),
        Line("S2", "Hej. Daniel Ek. Ja, det är fjärde gången, tror jag."),
        Line(
            "S1",
            "Du har gått i öppenvården i tre månader nu. I dag vill jag höra hur det går, och "
            "prata om hur det blir efter nyår, när din tid där egentligen tar slut.",
            purpose=True,
        ),
        Line("S1", "Hur länge sedan är det du drack senast?"),
        Line("S2", "Sju veckor."),
        Line("S1", "Vad bra. Hur har det känts?"),
        Line(
            "S2",
            "Tungt ibland, särskilt på kvällarna. Men jag har inte missat en enda gruppträff.",
            negations=("jag har inte missat en enda gruppträff",),
        ),
        Line(
            "S1",
            "Linda Berggren på beroendemottagningen ringde mig i förra veckan, du hade ju gett "
            "ditt samtycke. Alla dina prover sedan oktober har varit rena, sa hon.",
            third_parties=("Linda Berggren",),
        ),
        Line(
            "S2",
            "Ja. Jag vill inte tillbaka till hur det var i somras.",
            negations=("Jag vill inte tillbaka till hur det var i somras",),
        ),
        Line("S1", "Hur har helgerna gått? Det var ju då det brukade spåra ur."),
        Line(
            "S2",
            "Förra helgen var jag hos min bror i Luleå. Han har inte druckit på fem år, så där "
            "är det lugnt.",
            negations=("Han har inte druckit på fem år",),
        ),
        Line("S1", "Och julen då? Den brukar vara svår för många."),
        Line(
            "S2",
            "Det är just det som skrämmer mig. Hemma hos mamma i Gävle står det glögg och snaps på "
            "bordet hela julafton.",
        ),
        Line("S1", "Har du tänkt på hur du vill göra?"),
        Line(
            "S2",
            "Jag stannar hemma på julafton och åker till mamma på juldagen i stället. Sen tar "
            "jag tåget hem samma kväll.",
        ),
        Line(
            "S1",
            "Så säger vi. Julafton hemma, och på juldagen åker du till din mamma och hem igen "
            "samma kväll.",
            agreements=("på juldagen åker du till din mamma och hem igen samma kväll",),
        ),
        Line("S1", "Om suget kommer under helgerna, vem ringer du då?"),
        Line("S2", "Linda, tänkte jag."),
        Line(
            "S1",
            "Linda jobbar inte mellan jul och nyår, det sa hon till mig. Spara jourens nummer i "
            "telefonen i stället.",
            negations=("Linda jobbar inte mellan jul och nyår",),
        ),
        Line("S1", "Har du kvar samma telefonnummer som i höstas?"),
        Line(
            "S2",
            "Nej, jag har bytt. Det nya är 073-604 29 58.",
            phone_numbers=("073-604 29 58",),
        ),
        Line("S1", "Tack. Hur går det på lagret?"),
        Line(
            "S2",
            "Bra, jag har fått fler timmar. Men chefen vet inte varför jag går tidigt på "
            "onsdagarna, och jag vill helst slippa berätta.",
            negations=("chefen vet inte varför jag går tidigt på onsdagarna",),
        ),
        Line(
            "S1",
            "Det är upp till dig vad du berättar. Det finns förresten en kvällsgrupp på "
            "tisdagar klockan sex, då behöver du inte gå från jobbet.",
        ),
        Line("S2", "Den vill jag gå i."),
        Line(
            "S1",
            "Då gör vi så. Efter jul går du i tisdagsgruppen i stället, och jag säger till "
            "öppenvården.",
            agreements=("Efter jul går du i tisdagsgruppen i stället",),
            next_steps=(D("jag säger till öppenvården", None),),
        ),
        Line(
            "S1",
            "Sedan har jag gått igenom ditt ärende. Din tid i öppenvården förlängs med tre "
            "månader, till och med den 31 mars.",
            decisions=("Din tid i öppenvården förlängs med tre månader, till och med den 31 mars",),
            dates=(D("den 31 mars", "2027-03-31"),),
        ),
        Line("S2", "Skönt. Jag trodde att det var slut i januari."),
        Line(
            "S2",
            "En sak till. Jag vill sluta med Antabusen. Jag behöver den inte längre.",
            negations=("Jag behöver den inte längre",),
        ),
        Line(
            "S1",
            "Det kan inte jag svara på, det får du ta med läkaren på mottagningen. Vill du att "
            "jag hjälper dig att få en tid?",
            negations=("Det kan inte jag svara på",),
        ),
        Line("S2", "Ja, gärna. Jag tycker det är jobbigt att ringa dit."),
        Line(
            "S1",
            "Det ordnar jag. Jag mejlar Linda i morgon bitti och ber henne ordna en läkartid åt "
            "dig.",
            dates=(D("i morgon", "2026-12-18"),),
            next_steps=(D("Jag mejlar Linda i morgon bitti", "2026-12-18"),),
        ),
        Line(
            "S1",
            "Efter läkarbesöket hör du av dig till mig, senast den 30 december, och berättar "
            "vad ni kom fram till.",
            dates=(D("den 30 december", "2026-12-30"),),
            next_steps=(D("hör du av dig till mig, senast den 30 december", "2026-12-30"),),
        ),
        Line(
            "S1",
            "Och vi hörs på telefon nästa tisdag, innan jul, så får du berätta hur veckan har "
            "varit.",
            dates=(D("nästa tisdag", "2026-12-22"),),
            next_steps=(D("vi hörs på telefon nästa tisdag", "2026-12-22"),),
        ),
        Line("S2", "Ring efter fyra, då har jag slutat."),
        Line(
            "S1",
            "Efter fyra, det går bra. Och klockan nio den 5 januari är du välkommen hit igen.",
            dates=(D("den 5 januari", "2027-01-05"),),
            next_steps=(D("klockan nio den 5 januari är du välkommen hit igen", "2027-01-05"),),
        ),
        Line("S2", "Jag kommer. Tack, Maria."),
        Line("S1", "Ta hand om dig nu i jul, Daniel."),
    ),
)
