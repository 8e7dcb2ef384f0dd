"""About 10 minutes: children and youth, closing an investigation with both parents.

Holds the corpus's long utterance: the caseworker's summary of the investigation runs
well over 30 seconds without a pause, so speech must split it before Whisper.
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SUMMARY = (
    "Jag börjar med att sammanfatta utredningen, och ni får gärna avbryta mig om något inte "
    "stämmer. Utredningen inleddes i september efter en orosanmälan från Wilmas skola. "
    "Skolan skrev att Wilma ofta kommer till skolan utan frukost och ibland utan kläder för "
    "vädret. Hennes lärare Petra Holm har berättat för mig att Wilma är trött på "
    "förmiddagarna, men att hon har lätt för att läsa och att hon har goda vänner i klassen. "
    "Jag har träffat Wilma två gånger på skolan. Hon berättade att hon tycker om att rita, och "
    "att hon gärna är hos mormor på helgerna. Hon berättade också att hon blir rädd när "
    "mamma och pappa bråkar på kvällarna, och att hon då går in på sitt rum och sätter på "
    "musik. Jag har också pratat med skolsköterskan Lena Åberg, som säger att Wilma växer som "
    "hon ska och att hon inte har några kända sjukdomar."
)

SCRIPT = MeetingScript(
    id="m05_familj_utredning",
    title="Avslutande samtal i utredning om Wilma",
    area="barn och unga",
    date="2026-11-12",
    speakers=(
        Speaker("S1", "Anna Berg", "socialsekreterare", "sv+f4", 0.0),
        Speaker("S2", "Daniel Berglund", "pappa", "sv+m1", 120.0),
        Speaker("S3", "Sofia Berglund", "mamma", "sv+f2", 240.0),
    ),
    lines=(
        Line(
            "S1",
            "Välkomna båda två. Jag heter Anna Berg och jag är socialsekreterare på enheten "
            "för barn och unga. Det är jag som har gjort utredningen om Wilma.",
        ),
        Line("S2", "Hej. Jag heter Daniel Berglund och jag är Wilmas pappa."),
        Line("S3", "Och jag heter Sofia Berglund. Jag är Wilmas mamma."),
        Line(
            "S1",
            "Syftet med mötet är att gå igenom vad som har kommit fram i utredningen, och att "
            "bestämma tillsammans hur vi går vidare med stödet till familjen.",
            purpose=True,
        ),
        Line(
            "S1",
            "Innan vi börjar vill jag säga att ni har rätt att läsa allt som jag skriver i "
            "journalen. Kan någon av er bekräfta Wilmas personnummer?",
        ),
        Line("S3", "Ja, det är 18 03 07-24 69.", personnummer=("18 03 07-24 69",)),
        Line("S1", "Tack, det stämmer med det jag har."),
        Line(
            "S1",
            SUMMARY,
            third_parties=("Petra Holm", "Lena Åberg"),
            negations=("hon inte har några kända sjukdomar",),
        ),
        Line("S1", "Känner ni igen den bilden?"),
        Line(
            "S3",
            "Ja, mycket av det stämmer. Det är sant att vi har bråkat mycket i höstas. Men vi "
            "har aldrig slagit varandra, och vi har aldrig gjort Wilma illa.",
            negations=("vi har aldrig slagit varandra", "vi har aldrig gjort Wilma illa"),
        ),
        Line(
            "S2",
            "Vi har bråkat om pengar, mest. Jag jobbar natt på sjukhuset tre nätter i veckan, "
            "så de kvällarna är jag inte hemma. Då blir allt ansvar för Wilma på Sofia.",
            negations=("de kvällarna är jag inte hemma",),
        ),
        Line(
            "S1",
            "Vad gör ni när ni märker att Wilma har hört att ni bråkar?",
        ),
        Line(
            "S3",
            "Oftast går jag in till henne efteråt och säger förlåt. Men jag vet inte om hon "
            "förstår att det inte är hennes fel, och det oroar mig.",
        ),
        Line(
            "S2",
            "Jag har inte pratat med henne om det alls. Jag trodde att hon sov när vi bråkade.",
            negations=("Jag har inte pratat med henne om det alls",),
        ),
        Line(
            "S1",
            "Kan ni berätta hur en vanlig morgon ser ut hemma hos er?",
        ),
        Line(
            "S3",
            "Jag börjar jobba klockan sju, så jag går hemifrån halv sju. Wilma går själv till "
            "skolan. Hon äter inte frukost hemma, hon säger att hon inte är hungrig så tidigt.",
            negations=("Hon äter inte frukost hemma",),
        ),
        Line(
            "S2",
            "Och jag kommer hem från jobbet halv åtta de dagarna jag har jobbat natt. Då har "
            "Wilma redan gått. Så ingen av oss ser henne på morgonen, det förstår jag nu att "
            "det inte är bra.",
        ),
        Line(
            "S1",
            "Tack för att ni berättar det så öppet. Vad fungerar bra för Wilma just nu, tycker ni?",
        ),
        Line(
            "S3",
            "Hon dansar på tisdagar och hon älskar det. Hon har många kompisar där. Och hon "
            "läser varje kväll, ofta högt för mig.",
        ),
        Line(
            "S2",
            "På helgerna bakar vi tillsammans, hon och jag. Och hon är jätteduktig på att rita, "
            "hon har ritat hela väggen i sitt rum full med teckningar.",
        ),
        Line("S1", "Hur fungerar det med skolarbetet och läxorna?"),
        Line(
            "S3",
            "Wilma gör läxorna på fritids på onsdagar. Hon tycker att matte är svårt, men hon "
            "ger inte upp.",
        ),
        Line(
            "S2",
            "Jag hjälper henne med läsläxan på helgerna. Hon läser bättre än jag gjorde i "
            "hennes ålder.",
        ),
        Line("S1", "Har Wilma varit sjuk eller borta från skolan mycket i höstas?"),
        Line(
            "S3",
            "Nej, hon har inte varit borta mycket. Bara tre dagar när hon var förkyld i oktober.",
            negations=("hon har inte varit borta mycket",),
        ),
        Line(
            "S1",
            "Det låter fint. Ni sa att ni har bråkat om pengar. Hur ser ekonomin ut just nu?",
        ),
        Line(
            "S3",
            "Den är ansträngd. Jag gick ner till deltid i augusti för att kunna hämta Wilma "
            "efter fritids, och sedan dess går det inte ihop varje månad.",
            negations=("sedan dess går det inte ihop varje månad",),
        ),
        Line(
            "S2",
            "Vi har inga skulder, men vi har inte kunnat spara något i år. Hyran för trean i "
            "Norrby har också höjts med 400 kronor i månaden.",
            negations=("Vi har inga skulder", "vi har inte kunnat spara något i år"),
        ),
        Line("S1", "Hur fungerar boendet för er?"),
        Line(
            "S2",
            "Det fungerar bra. Wilma har ett eget rum och det finns en stor gård med lekplats. "
            "Skolan ligger bara fem minuter bort, så hon behöver inte gå över någon stor väg.",
            negations=("hon behöver inte gå över någon stor väg",),
        ),
        Line(
            "S3",
            "Jag vill också säga att jag har varit väldigt trött i höstas. Jag har sökt mig "
            "till vårdcentralen och har fått en tid hos en kurator där den 20 november.",
            dates=(D("den 20 november", "2026-11-20"),),
        ),
        Line(
            "S1",
            "Det är bra att du har sökt hjälp för din egen del. Hur är det för dig, Daniel, med "
            "sömnen när du jobbar natt?",
        ),
        Line(
            "S2",
            "Efter ett nattpass sover jag till ungefär två. Sedan hämtar jag Wilma på fritids "
            "på torsdagar och fredagar, och då lagar vi middag tillsammans.",
        ),
        Line(
            "S1",
            "Om ni vill kan ni få träffa kommunens budget- och skuldrådgivning. Det är "
            "frivilligt och det kostar ingenting.",
        ),
        Line("S3", "Ja, det vill vi gärna."),
        Line(
            "S1",
            "Vilka har ni runt omkring er som kan hjälpa till med Wilma?",
        ),
        Line(
            "S3",
            "Min mamma Birgitta Nord bor tio minuter bort. Wilma är hos henne nästan varje "
            "helg. Hon skulle kunna hämta Wilma på torsdagar också, tror jag.",
            third_parties=("Birgitta Nord",),
        ),
        Line(
            "S2",
            "Min familj bor i Umeå, så de kan inte hjälpa till i vardagen. Men vi pratar med "
            "dem på video varje söndag.",
            negations=("de kan inte hjälpa till i vardagen",),
        ),
        Line(
            "S1",
            "Jag vill nu säga vad jag tänker efter utredningen, och sedan vill jag höra vad ni "
            "tycker.",
        ),
        Line(
            "S1",
            "Min bedömning är att Wilma har en nära och trygg relation till er båda, och att "
            "hon utvecklas bra i skolan och på fritiden. Samtidigt bedömer jag att "
            "konflikterna hemma och de ostrukturerade morgnarna påverkar henne, och att "
            "familjen behöver stöd för att förändra det.",
            assessment=True,
        ),
        Line(
            "S2",
            "Det är svårt att höra, men jag tycker att det är rättvist. Vi vill inte att "
            "Wilma ska vara rädd hemma.",
            negations=("Vi vill inte att Wilma ska vara rädd hemma",),
        ),
        Line(
            "S3",
            "Jag håller med. Vad är det för stöd ni kan erbjuda?",
        ),
        Line(
            "S1",
            "Jag föreslår familjebehandling på Familjeenheten. Ni träffar en familjebehandlare "
            "varannan vecka, hemma eller på deras kontor, och arbetar med hur ni löser "
            "konflikter och hur vardagen kan bli lugnare för Wilma.",
        ),
        Line("S2", "Hur länge håller det på?"),
        Line(
            "S1",
            "Först i sex månader, sedan följer vi upp och ser om det behövs mer. Det är "
            "frivilligt, så det kräver att ni båda tackar ja.",
        ),
        Line("S3", "Vi tackar ja. Båda två."),
        Line("S2", "Ja, det gör vi."),
        Line(
            "S1",
            "Då är mitt beslut att utredningen avslutas med insats, och att familjen beviljas "
            "familjebehandling på Familjeenheten i sex månader.",
            decisions=(
                "utredningen avslutas med insats",
                "familjen beviljas familjebehandling på Familjeenheten i sex månader",
            ),
        ),
        Line(
            "S1",
            "Jag skickar en remiss till Familjeenheten inom en vecka. Familjebehandlaren Jonas "
            "Wikström kommer sedan att ringa er för att boka den första träffen.",
            dates=(D("inom en vecka", "2026-11-19"),),
            next_steps=(
                D("Jag skickar en remiss till Familjeenheten inom en vecka", "2026-11-19"),
            ),
            third_parties=("Jonas Wikström",),
        ),
        Line(
            "S3",
            "Han kan ringa mig på 076-238 91 04. Jag svarar inte under arbetstid, men jag "
            "ringer tillbaka efter klockan fyra.",
            phone_numbers=("076-238 91 04",),
            negations=("Jag svarar inte under arbetstid",),
        ),
        Line(
            "S1",
            "Bra. Sedan var det morgnarna. Vad tänker ni om dem?",
        ),
        Line(
            "S3",
            "Skolan har frukost för de barn som kommer tidigt. Jag kan prata med skolan om "
            "att Wilma får äta där.",
        ),
        Line(
            "S1",
            "Då kommer vi överens om att Sofia pratar med skolan om frukosten på måndag, och "
            "att Wilma äter frukost i skolan från och med nästa vecka.",
            agreements=(
                "Sofia pratar med skolan om frukosten på måndag",
                "Wilma äter frukost i skolan från och med nästa vecka",
            ),
            dates=(D("på måndag", "2026-11-16"),),
            next_steps=(D("Sofia pratar med skolan om frukosten på måndag", "2026-11-16"),),
        ),
        Line(
            "S2",
            "Och jag kan byta ett av mina nattpass mot ett dagpass, så att jag är hemma på "
            "morgonen minst en dag i veckan. Jag pratar med min chef om det på torsdag.",
            dates=(D("på torsdag", "2026-11-19"),),
            next_steps=(D("Jag pratar med min chef om det på torsdag", "2026-11-19"),),
        ),
        Line(
            "S1",
            "Vi kommer också överens om att ni bokar en tid hos budget- och skuldrådgivningen "
            "innan jul. Jag mejlar er deras kontaktuppgifter från anna.berg@malmvik.se i "
            "morgon.",
            agreements=("ni bokar en tid hos budget- och skuldrådgivningen innan jul",),
            dates=(D("i morgon", "2026-11-13"),),
            next_steps=(
                D("ni bokar en tid hos budget- och skuldrådgivningen innan jul", None),
                D("Jag mejlar er deras kontaktuppgifter", "2026-11-13"),
            ),
            emails=("anna.berg@malmvik.se",),
        ),
        Line(
            "S3",
            "Får mamma vara med på någon av träffarna med familjebehandlaren? Hon känner "
            "Wilma så väl.",
        ),
        Line(
            "S1",
            "Det kan ni ta upp med familjebehandlaren. Det går ofta bra att bjuda in nätverket "
            "till någon träff, om ni båda vill det.",
        ),
        Line(
            "S2",
            "En sak till. Vi har inte berättat för Wilma om det här mötet. Hur ska vi göra med "
            "det?",
            negations=("Vi har inte berättat för Wilma om det här mötet",),
        ),
        Line(
            "S1",
            "Jag tycker att ni ska berätta för henne att ni har fått hjälp att bråka mindre, "
            "med ord som passar en åttaåring. Jag träffar gärna Wilma en gång till och "
            "berättar om familjebehandlingen, om ni vill.",
        ),
        Line("S3", "Ja, det vore bra. Hon tyckte om att prata med dig."),
        Line(
            "S1",
            "Då träffar jag Wilma på skolan den 26 november, efter lunch.",
            dates=(D("den 26 november", "2026-11-26"),),
            next_steps=(D("träffar jag Wilma på skolan den 26 november", "2026-11-26"),),
        ),
        Line(
            "S1",
            "Nästa uppföljningsmöte med er båda blir den 14 januari klockan 13 här på kontoret. "
            "Då vill jag också höra hur de första träffarna med Familjeenheten har gått.",
            dates=(D("den 14 januari", "2027-01-14"),),
            next_steps=(
                D(
                    "Nästa uppföljningsmöte med er båda blir den 14 januari klockan 13",
                    "2027-01-14",
                ),
            ),
        ),
        Line("S2", "Det passar mig, jag är ledig den veckan."),
        Line("S3", "Mig också."),
        Line(
            "S1",
            "Jag sammanfattar det vi har bestämt. Utredningen avslutas med insats och ni får "
            "familjebehandling i sex månader. Sofia pratar med skolan om frukost på måndag, och "
            "Daniel pratar med sin chef på torsdag. Ni bokar en tid hos budget- och "
            "skuldrådgivningen före jul. Jag träffar Wilma den 26 november, och vi ses igen den "
            "14 januari.",
        ),
        Line("S1", "Har jag missat något?"),
        Line(
            "S3",
            "Nej, jag tror inte det. Tack för att du har lyssnat på oss.",
        ),
        Line("S2", "Tack. Det känns bättre nu än när vi kom hit."),
        Line("S1", "Tack själva. Då avslutar vi mötet här."),
    ),
)
