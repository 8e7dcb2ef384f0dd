"""About 3 minutes, held out: våld i nära relation, a mother who has left her partner.

Held-out wording: no line uses the extractive layer's cue phrases. The decision is "Du och
barnen får bo …", the agreements are "Fint. Ida följer alltså med …" and "Okej, då …", the
meeting after this one is "Vi träffas här igen om två veckor".
"""

from models.corpus.spec import DatedText as D
from models.corpus.spec import Line, MeetingScript, Speaker

SCRIPT = MeetingScript(
    id="m08_vald_nara_relation",
    title="Stödsamtal efter våld i nära relation",
    area="våld i nära relation",
    date="2026-12-15",
    place="Socialkontoret i Malmvik, samtalsrum 1",
    speakers=(
        Speaker("S1", "Henrik Sandberg", "socialsekreterare", "sv+m1", 0.0),
        Speaker("S2", "Jenny Holmberg", "klient", "sv+f1", 90.0),
        Speaker("S3", "Ida Rask", "stödperson", "sv+f3", 210.0),
    ),
    lines=(
        Line(
            "S1",
            "Hej Jenny, välkommen. Jag heter Henrik Sandberg och jag är socialsekreterare. Jag "
            "arbetar med stöd till vuxna som har utsatts för våld i nära relation.",
        ),
        Line("S2", "Hej. Jag heter Jenny Holmberg."),
        Line(
            "S3",
            "Och jag heter Ida Rask. Jag är stödperson på kvinnojouren och har träffat Jenny "
            "två gånger.",
        ),
        Line(
            "S1",
            "Jenny, du ringde hit i fredags. Nu vill jag höra hur du och barnen har det, och "
            "vilket stöd ni behöver framöver. Du väljer själv vad du vill berätta.",
            purpose=True,
        ),
        Line(
            "S2",
            "Jag lämnade min sambo Marcus Lind för två veckor sedan. Jag och barnen bor hos min "
            "syster Frida Holmberg i Västerås just nu.",
            third_parties=("Marcus Lind", "Frida Holmberg"),
        ),
        Line("S1", "Hur länge var ni tillsammans?"),
        Line("S2", "Nio år."),
        Line("S1", "Kan du berätta vad som har hänt?"),
        Line(
            "S2",
            "Han har varit svartsjuk länge och läst min telefon. I höstas började han knuffa "
            "mig, och en gång tog han stryptag. Det var då jag förstod att jag måste gå.",
        ),
        Line("S1", "Har barnen sett eller hört något?"),
        Line(
            "S2",
            "Han har aldrig slagit barnen. Men Alva såg när han tog tag i mig i köket, och hon "
            "var jätterädd.",
            negations=("Han har aldrig slagit barnen",),
        ),
        Line(
            "S3",
            "Alva är sex år och Noah är tre. Jenny har berättat för mig att Alva sover dåligt "
            "och inte vill vara ifrån henne.",
            negations=("inte vill vara ifrån henne",),
        ),
        Line("S1", "Har du gjort en polisanmälan?"),
        Line(
            "S2",
            "Nej, jag har inte gjort någon polisanmälan än. Jag är rädd för vad han gör då.",
            negations=("jag har inte gjort någon polisanmälan än",),
        ),
        Line(
            "S3",
            "Jag kan följa med Jenny till polisen, om hon vill. Det brukar kännas lättare då.",
        ),
        Line("S2", "Ja, det vill jag. På torsdag kan jag, då är barnen hos Frida."),
        Line(
            "S1",
            "Fint. Ida följer alltså med dig till polisstationen på torsdag.",
            agreements=("Ida följer alltså med dig till polisstationen på torsdag",),
            dates=(D("på torsdag", "2026-12-17"),),
            next_steps=(
                D("Ida följer alltså med dig till polisstationen på torsdag", "2026-12-17"),
            ),
        ),
        Line("S1", "Vet Marcus var ni bor nu?"),
        Line(
            "S2",
            "Nej, han vet inte var Frida bor. Men han skickar meddelanden hela tiden, så jag har "
            "skaffat ett nytt nummer som han inte har. Det är 072-845 10 36.",
            negations=("han vet inte var Frida bor", "ett nytt nummer som han inte har"),
            phone_numbers=("072-845 10 36",),
        ),
        Line("S1", "Tack. Hur går det med förskolan?"),
        Line(
            "S2",
            "Barnen har inte varit på förskolan sedan jag flyttade. Den ligger nära vår gamla "
            "lägenhet, och jag vågar inte gå dit.",
            negations=(
                "Barnen har inte varit på förskolan sedan jag flyttade",
                "jag vågar inte gå dit",
            ),
        ),
        Line(
            "S1",
            "Som jag ser det behöver du och barnen ett tryggt boende som Marcus inte känner "
            "till. Hos din syster kan ni inte bo länge, hon har bara en liten tvåa.",
            assessment=True,
        ),
        Line(
            "S1",
            "Jag har pratat med min chef i morse. Du och barnen får bo på ett skyddat boende i "
            "fyra veckor till att börja med, och ni kan flytta in redan i morgon.",
            decisions=(
                "Du och barnen får bo på ett skyddat boende i fyra veckor till att börja med",
            ),
            dates=(D("i morgon", "2026-12-16"),),
        ),
        Line("S2", "Tack. Jag visste inte att det kunde gå så fort."),
        Line("S3", "Jag kan köra Jenny och barnen dit i morgon förmiddag."),
        Line(
            "S1",
            "Okej, då kör Ida er dit i morgon klockan tio, och personalen på boendet möter er.",
            agreements=("då kör Ida er dit i morgon klockan tio",),
            dates=(D("i morgon", "2026-12-16"),),
            next_steps=(D("då kör Ida er dit i morgon klockan tio", "2026-12-16"),),
        ),
        Line(
            "S2",
            "Gärna. Jag har ingen bil, och med två små barn och väskor är bussen svår.",
            negations=("Jag har ingen bil",),
        ),
        Line(
            "S1",
            "Barnen har rätt till eget stöd. Jag gör en anmälan till enheten för barn och unga "
            "i dag, och en kollega där hör av sig till dig om ett samtal med Alva.",
            next_steps=(
                D("Jag gör en anmälan till enheten för barn och unga i dag", "2026-12-15"),
            ),
        ),
        Line("S2", "Det är okej. Jag vill att Alva får prata med någon."),
        Line("S2", "Kan jag ringa dig om det händer något?"),
        Line(
            "S1",
            "Ja. Då ringer du mig på måndagar på förmiddagen, så pratar vi om hur ni har det. "
            "Passar det?",
            agreements=("ringer du mig på måndagar på förmiddagen",),
        ),
        Line("S2", "Ja, det passar."),
        Line(
            "S1",
            "Senast den 8 januari får du besked från mig om ni kan bo kvar på boendet längre.",
            dates=(D("den 8 januari", "2027-01-08"),),
            next_steps=(
                D(
                    "Senast den 8 januari får du besked från mig om ni kan bo kvar på boendet "
                    "längre",
                    "2027-01-08",
                ),
            ),
        ),
        Line(
            "S1",
            "Vi träffas här igen om två veckor, samma tid som i dag.",
            dates=(D("om två veckor", "2026-12-29"),),
            next_steps=(D("Vi träffas här igen om två veckor", "2026-12-29"),),
        ),
        Line("S2", "Det passar. Tack för att ni lyssnar."),
        Line(
            "S1",
            "Ta hand om dig, Jenny, och ring polisen direkt om han dyker upp.",
        ),
        Line("S3", "Jag hämtar er i morgon klockan tio."),
    ),
)
