"""Word material of the synthetic catalogue generator (``synthetic.py``).

Topics are the subjects a municipal catalogue really has, each with the department
that owns it, the EU themes, the Jena data categories, the dataset types it appears
as and the aspects (breakdowns) its titles combine with. Places are the Ortsteile
of Jena at their real positions plus the surrounding region. All codes come from
``schemas/codelists``; a test checks that.
"""

from __future__ import annotations

from dataclasses import dataclass

HVD_GEO = "c_dd313021"
HVD_ENV = "c_164e0bf5"
HVD_MET = "c_ac64a52d"
HVD_STAT = "c_e1da4e07"
HVD_MOB = "c_b79e35eb"
HVD_COMP = "c_a9135398"


@dataclass(frozen=True)
class Topic:
    subject: str  # nominative, used in titles ("Straßenbäume")
    dative: str  # after "Angaben zu" ("Straßenbäumen")
    org: str
    themes: tuple[str, ...]
    categories: tuple[str, ...]
    types: tuple[str, ...]  # dataset types this topic appears as
    tags: tuple[str, ...]
    aspects: tuple[str, ...]
    hvd: str | None = None
    parameters: tuple[str, ...] = ()  # measured parameters of real-time variants
    inspire: str | None = None


# fmt: off
TOPICS: tuple[Topic, ...] = (
    Topic("Straßenbäume", "Straßenbäumen", "kommunalservice-jena", ("ENVI",), ("register", "environment", "geo"),
          ("geodata", "dataset"), ("Straßenbäume", "Baumkataster", "Stadtgrün", "Klimaanpassung"),
          ("nach Baumart", "nach Pflanzjahr", "nach Stammumfang", "mit Pflegezustand"), HVD_GEO),
    Topic("Gießrouten", "Gießrouten", "kommunalservice-jena", ("ENVI",), ("environment", "infrastructure", "geo"),
          ("geodata",), ("Gießen", "Jungbäume", "Bewässerung", "Stadtgrün"),
          ("nach Wochentag", "für Jungbäume", "im Sommer")),
    Topic("Bodenfeuchte", "Bodenfeuchtewerten", "kommunalservice-jena", ("ENVI", "TECH"), ("sensor", "environment"),
          ("realtime",), ("Bodenfeuchte", "LoRaWAN", "Sensordaten", "Stadtbäume"),
          ("an Jungbäumen", "in 30 und 60 cm Tiefe"), None,
          ("Saugspannung in kPa", "Bodentemperatur in °C", "Batteriespannung in V")),
    Topic("Abfuhrtermine", "Abfuhrterminen", "kommunalservice-jena", ("ENVI", "GOVE"),
          ("infrastructure", "administrative"),
          ("dataset",), ("Abfall", "Müllabfuhr", "Entsorgung", "Biotonne"),
          ("nach Straßen", "für Restabfall und Bioabfall", "für Altpapier")),
    Topic("Spielplätze", "Spielplätzen", "kommunalservice-jena", ("SOCI", "EDUC"),
          ("register", "infrastructure", "geo"),
          ("geodata", "dataset"), ("Spielplätze", "Kinder", "Freizeit", "Familie"),
          ("nach Altersgruppe", "mit Ausstattung", "nach Prüfdatum"), None, (), "us"),
    Topic("Füllstände der Glascontainer", "Füllständen der Glascontainer", "kommunalservice-jena", ("ENVI", "TECH"),
          ("sensor", "infrastructure"), ("realtime",), ("Altglas", "Container", "Sensordaten", "Smart City"),
          ("je Standort", "nach Glasfarbe"), None, ("Füllstand in %", "Temperatur in °C")),
    Topic("Radverkehrszählungen", "Radverkehrszählungen", "verkehr-und-mobilitaet", ("TRAN",), ("mobility", "sensor"),
          ("realtime", "dataset"), ("Radverkehr", "Zählstellen", "Fahrrad", "Verkehrszählung"),
          ("nach Fahrtrichtung", "je Stunde", "je Tag", "nach Zählstelle"), HVD_MOB,
          ("Fahrräder je 15 Minuten", "Fahrtrichtung")),
    Topic("Kfz-Verkehrsmengen", "Kfz-Verkehrsmengen", "verkehr-und-mobilitaet", ("TRAN",), ("mobility", "sensor"),
          ("dataset", "realtime"), ("Kfz-Verkehr", "Verkehrszählung", "DTV", "Straßennetz"),
          ("nach Fahrzeugart", "an Knotenpunkten", "je Werktag"), HVD_MOB,
          ("Fahrzeuge je Stunde", "Lkw-Anteil in %", "mittlere Geschwindigkeit in km/h")),
    Topic("Baustellen", "Baustellen", "verkehr-und-mobilitaet", ("TRAN",), ("mobility", "infrastructure", "geo"),
          ("dataset", "geodata"), ("Baustellen", "Straßensperrungen", "Umleitungen", "Tiefbau"),
          ("mit Umleitungen", "nach Dauer", "im Hauptstraßennetz"), HVD_MOB, (), "tn"),
    Topic("Parkplatzbelegung", "Parkplatzbelegungen", "verkehr-und-mobilitaet", ("TRAN",), ("mobility", "sensor"),
          ("realtime",), ("Parken", "Parkleitsystem", "Belegung"),
          ("in Parkhäusern", "auf P+R-Plätzen"), HVD_MOB, ("freie Stellplätze", "Kapazität", "Trend")),
    Topic("Radverkehrsanlagen", "Radverkehrsanlagen", "verkehr-und-mobilitaet", ("TRAN",),
          ("mobility", "geo", "infrastructure"),
          ("geodata",), ("Radverkehr", "Radwege", "Fahrradstraßen"),
          ("nach Führungsform", "nach Belag", "mit Breiten"), HVD_MOB, (), "tn"),
    Topic("Verkehrsunfälle", "Verkehrsunfällen", "verkehr-und-mobilitaet", ("TRAN", "JUST"), ("mobility", "register"),
          ("dataset",), ("Verkehrsunfälle", "Verkehrssicherheit"),
          ("nach Unfalltyp", "mit Personenschaden", "nach Beteiligten")),
    Topic("Haltestellen", "Haltestellen", "jenaer-nahverkehr", ("TRAN",), ("mobility", "register", "geo"),
          ("geodata", "dataset"), ("ÖPNV", "Haltestellen", "Barrierefreiheit", "Straßenbahn"),
          ("mit Ausstattung", "nach Barrierefreiheit", "nach Linien"), HVD_MOB, (), "tn"),
    Topic("Abfahrtszeiten", "Abfahrtszeiten", "jenaer-nahverkehr", ("TRAN",), ("mobility", "sensor"),
          ("realtime",), ("ÖPNV", "Echtzeit", "Fahrgastinformation", "Bus"),
          ("mit Verspätungen", "der Straßenbahn", "der Stadtbuslinien"), HVD_MOB,
          ("Abfahrtsprognose", "Verspätung in Sekunden", "Fahrzeugposition")),
    Topic("Fahrgastzahlen", "Fahrgastzahlen", "jenaer-nahverkehr", ("TRAN",), ("mobility", "administrative"),
          ("dataset",), ("ÖPNV", "Fahrgastzahlen", "Nachfrage"),
          ("nach Linie", "nach Haltestelle", "je Monat")),
    Topic("Luftqualität", "Luftschadstoffmessungen", "umwelt-und-naturschutz", ("ENVI", "HEAL"),
          ("environment", "sensor"),
          ("realtime", "dataset"), ("Luftqualität", "Stickstoffdioxid", "Feinstaub", "Luftreinhaltung"),
          ("je Stunde", "als Jahresmittel", "an Verkehrsschwerpunkten"), HVD_ENV,
          ("NO₂ in µg/m³", "PM10 in µg/m³", "PM2,5 in µg/m³")),
    Topic("Pegelstände", "Pegelständen", "umwelt-und-naturschutz", ("ENVI",), ("environment", "sensor"),
          ("realtime",), ("Saale", "Pegel", "Hochwasser", "Gewässer"),
          ("der Saale", "der Leutra", "der Roda"), HVD_ENV, ("Wasserstand in cm", "Abfluss in m³/s")),
    Topic("Wetterdaten", "Wetterdaten", "umwelt-und-naturschutz", ("ENVI",), ("environment", "sensor"),
          ("realtime", "dataset"), ("Wetter", "Klima", "Temperatur", "Niederschlag"),
          ("je zehn Minuten", "als Tageswerte", "als Monatsmittel"), HVD_MET,
          ("Lufttemperatur in °C", "Niederschlag in mm", "Windgeschwindigkeit in m/s")),
    Topic("Lärmbelastung", "Lärmbelastungen", "umwelt-und-naturschutz", ("ENVI", "HEAL"), ("environment", "geo"),
          ("geodata",), ("Lärm", "Umgebungslärm", "Lärmaktionsplan"),
          ("durch Straßenverkehr", "durch Straßenbahnen", "in der Nacht"), HVD_ENV, (), "am"),
    Topic("Schutzgebiete", "Schutzgebieten", "umwelt-und-naturschutz", ("ENVI",), ("environment", "geo"),
          ("geodata",), ("Naturschutz", "Schutzgebiete", "Biotope"),
          ("nach Schutzkategorie", "mit Verordnungen"), HVD_GEO, (), "ps"),
    Topic("Hitzebelastung", "Hitzebelastungen", "umwelt-und-naturschutz", ("ENVI", "HEAL"), ("environment", "geo"),
          ("geodata",), ("Stadtklima", "Hitze", "Klimaanpassung"),
          ("am Tag", "in der Nacht", "nach Bebauungsstruktur"), HVD_ENV, (), "ac"),
    Topic("Treibhausgasemissionen", "Treibhausgasemissionen", "umwelt-und-naturschutz", ("ENVI", "ENER"),
          ("environment", "administrative"), ("dataset",), ("Klimaschutz", "CO2-Bilanz", "Treibhausgase"),
          ("nach Sektoren", "nach Energieträgern")),
    Topic("Bebauungspläne", "Bebauungsplänen", "stadtentwicklung", ("REGI", "GOVE"), ("geo", "administrative"),
          ("geodata",), ("Bauleitplanung", "Bebauungsplan", "XPlanung"),
          ("mit Verfahrensstand", "nach Rechtskraft"), HVD_GEO, (), "lu"),
    Topic("Baugenehmigungen", "Baugenehmigungen", "stadtentwicklung", ("REGI", "ECON"),
          ("administrative", "transaction"),
          ("dataset",), ("Bauaufsicht", "Baugenehmigungen", "Wohnungsbau"),
          ("nach Gebäudeart", "je Quartal", "nach Bauherren")),
    Topic("Kulturdenkmale", "Kulturdenkmalen", "stadtentwicklung", ("EDUC", "REGI"), ("register", "geo"),
          ("geodata", "dataset"), ("Denkmalschutz", "Baudenkmale", "Stadtgeschichte"),
          ("nach Denkmalart", "mit Baujahr"), None, (), "ps"),
    Topic("Mietpreise", "Angebotsmieten", "stadtentwicklung", ("REGI", "ECON"), ("demographic", "business"),
          ("dataset",), ("Wohnen", "Mieten", "Wohnungsmarkt"),
          ("nach Wohnungsgröße", "nach Lage", "je Quadratmeter")),
    Topic("Einwohnerzahlen", "Einwohnerzahlen", "statistik-und-wahlen", ("SOCI", "REGI"), ("demographic",),
          ("dataset",), ("Bevölkerung", "Einwohner", "kleinräumige Statistik"),
          ("nach Altersgruppen", "nach Geschlecht", "nach Staatsangehörigkeit", "nach statistischen Bezirken"),
          HVD_STAT),
    Topic("Haushalte", "Haushalten", "statistik-und-wahlen", ("SOCI",), ("demographic",),
          ("dataset",), ("Haushalte", "Bevölkerung", "Demografie"),
          ("nach Haushaltsgröße", "mit Kindern", "nach Haushaltstyp"), HVD_STAT),
    Topic("Wahlergebnisse", "Wahlergebnissen", "statistik-und-wahlen", ("GOVE",), ("administrative",),
          ("dataset",), ("Wahlen", "Wahlergebnisse", "Wahlbeteiligung"),
          ("nach Wahlbezirken", "der Briefwahl", "mit Wahlbeteiligung")),
    Topic("Wanderungen", "Wanderungen", "statistik-und-wahlen", ("SOCI",), ("demographic",),
          ("dataset",), ("Bevölkerung", "Zuzüge", "Fortzüge", "Umzüge"),
          ("nach Herkunftsgebieten", "nach Altersgruppen", "je Monat"), HVD_STAT),
    Topic("Termine im Bürgerservice", "Terminen im Bürgerservice", "buergerservice", ("GOVE",),
          ("administrative", "transaction"), ("dataset",), ("Bürgerservice", "Termine", "Verwaltungsleistungen"),
          ("nach Dienstleistung", "je Wochentag", "nach Standort")),
    Topic("Wartezeiten", "Wartezeiten", "buergerservice", ("GOVE",), ("administrative", "sensor"),
          ("realtime",), ("Bürgerservice", "Wartezeiten", "Echtzeit"),
          ("im Bürgerbüro", "in der Kfz-Zulassung"), None, ("Wartezeit in Minuten", "wartende Personen")),
    Topic("Gewerbeanzeigen", "Gewerbeanzeigen", "buergerservice", ("ECON",), ("business", "transaction"),
          ("dataset",), ("Wirtschaft", "Gewerbe", "Unternehmen"),
          ("nach Wirtschaftszweig", "nach Rechtsform", "je Monat"), HVD_COMP),
    Topic("Adressen", "Adressen", "geodaten-und-vermessung", ("REGI", "GOVE"), ("register", "geo"),
          ("geodata",), ("Adressen", "Hauskoordinaten", "Geobasisdaten"),
          ("mit Hauskoordinaten", "nach Straßenschlüssel"), HVD_GEO, (), "ad"),
    Topic("Luftbilder", "Luftbildern", "geodaten-und-vermessung", ("REGI", "ENVI"), ("geo",),
          ("geodata",), ("Luftbilder", "Orthophotos", "Geobasisdaten"),
          ("in Echtfarben", "als Color-Infrarot", "als Schrägluftbilder"), HVD_GEO, (), "oi"),
    Topic("Gebäude", "Gebäuden", "geodaten-und-vermessung", ("REGI", "TECH"), ("geo",),
          ("geodata",), ("3D-Stadtmodell", "Gebäude", "Solarpotenzial"),
          ("im Detaillierungsgrad LoD2", "mit Dachformen", "mit Solarpotenzial"), HVD_GEO, (), "bu"),
    Topic("Bodenrichtwerte", "Bodenrichtwerten", "geodaten-und-vermessung", ("ECON", "REGI"), ("geo", "business"),
          ("geodata",), ("Bodenrichtwerte", "Grundstückswerte", "Immobilien"),
          ("für Bauland", "für Gewerbeflächen"), HVD_GEO),
    Topic("Schulen", "Schulen", "bildung-und-schule", ("EDUC",), ("register", "geo"),
          ("geodata", "dataset"), ("Schulen", "Bildung", "Ganztag"),
          ("nach Schulart", "nach Träger", "mit Ganztagsangebot"), None, (), "us"),
    Topic("Schülerzahlen", "Schülerzahlen", "bildung-und-schule", ("EDUC", "SOCI"), ("demographic", "administrative"),
          ("dataset",), ("Schulen", "Schülerzahlen", "Schulnetzplanung"),
          ("nach Klassenstufe", "nach Schulart", "nach Schulbezirk"), HVD_STAT),
    Topic("Kindertagesstätten", "Kindertagesstätten", "jugend-und-soziales", ("EDUC", "SOCI"), ("register", "geo"),
          ("geodata", "dataset"), ("Kita", "Kinderbetreuung", "Familie"),
          ("mit Platzzahlen", "nach Träger", "mit Öffnungszeiten"), None, (), "us"),
    Topic("Sozialleistungen", "Sozialleistungen", "jugend-und-soziales", ("SOCI", "ECON"),
          ("administrative", "demographic", "finance"), ("dataset",), ("Soziales", "Wohngeld", "Grundsicherung"),
          ("nach Leistungsart", "nach Haushaltsgröße", "je Quartal"), HVD_STAT),
    Topic("Veranstaltungen", "Veranstaltungen", "jenakultur", ("EDUC", "SOCI"), ("register",),
          ("dataset",), ("Veranstaltungen", "Kultur", "Freizeit"),
          ("nach Kategorie", "mit Spielstätten", "der kommenden Woche")),
    Topic("Museumsbesuche", "Museumsbesuchen", "jenakultur", ("EDUC", "ECON"), ("administrative",),
          ("dataset",), ("Museen", "Besucherzahlen", "Kultur"),
          ("nach Haus", "je Monat", "nach Eintrittsart")),
    Topic("Übernachtungen", "Übernachtungen", "jenakultur", ("ECON",), ("business", "demographic"),
          ("dataset",), ("Tourismus", "Übernachtungen", "Gästeankünfte"),
          ("nach Herkunftsland", "je Monat", "nach Betriebsart"), HVD_STAT),
    Topic("Ladepunkte", "Ladepunkten", "stadtwerke-jena", ("TRAN", "ENER"), ("mobility", "infrastructure", "geo"),
          ("geodata", "realtime"), ("Elektromobilität", "Ladesäulen", "Ladeinfrastruktur"),
          ("mit Steckertypen", "nach Ladeleistung", "mit Verfügbarkeit"), HVD_MOB,
          ("Status je Ladepunkt", "Ladeleistung in kW")),
    Topic("Trinkwasseranalysen", "Trinkwasseranalysen", "stadtwerke-jena", ("HEAL", "ENVI"),
          ("environment", "infrastructure"),
          ("dataset",), ("Trinkwasser", "Wasserhärte", "Wasserqualität"),
          ("nach Versorgungsgebiet", "mit Grenzwerten"), HVD_ENV),
    Topic("Energieverbrauch", "Energieverbräuchen", "stadtwerke-jena", ("ENER", "ENVI"),
          ("infrastructure", "environment"),
          ("dataset", "realtime"), ("Energie", "Strom", "Fernwärme", "Verbrauch"),
          ("kommunaler Gebäude", "nach Energieträger", "je Viertelstunde"), None,
          ("Wirkleistung in kW", "Wärmeleistung in kW")),
    Topic("Haushaltsansätze", "Haushaltsansätzen", "finanzen", ("GOVE", "ECON"), ("finance", "administrative"),
          ("dataset",), ("Haushalt", "Finanzen", "Doppik"),
          ("nach Produktbereichen", "nach Kontenarten", "im Ergebnishaushalt")),
    Topic("Zuwendungen", "Zuwendungen", "finanzen", ("GOVE", "SOCI"), ("finance", "transaction"),
          ("dataset",), ("Zuwendungen", "Förderung", "Vereine", "Transparenz"),
          ("nach Förderbereich", "an Vereine", "an freie Träger")),
    Topic("Beschlüsse des Stadtrates", "Beschlüssen des Stadtrates", "buero-stadtrat", ("GOVE",), ("administrative",),
          ("dataset",), ("Stadtrat", "Beschlüsse", "Ratsinformationssystem", "Transparenz"),
          ("nach Ausschüssen", "nach Sitzungen", "mit Abstimmungsergebnissen")),
)
# fmt: on

# Ortsteil code (schemas/codelists/districts.yaml) -> (name, lon, lat of its centre).
DISTRICTS: dict[str, tuple[str, float, float]] = {
    "ammerbach": ("Ammerbach", 11.5550, 50.9070),
    "burgau": ("Burgau", 11.5930, 50.8950),
    "closewitz": ("Closewitz", 11.5480, 50.9620),
    "cospeda": ("Cospeda", 11.5480, 50.9470),
    "drackendorf": ("Drackendorf", 11.6220, 50.8790),
    "goeschwitz": ("Göschwitz", 11.5880, 50.8820),
    "ilmnitz": ("Ilmnitz", 11.6400, 50.8720),
    "isserstedt": ("Isserstedt", 11.5000, 50.9640),
    "jena-nord": ("Jena-Nord", 11.5850, 50.9430),
    "jena-sued": ("Jena-Süd", 11.5880, 50.9150),
    "jena-west": ("Jena-West", 11.5700, 50.9250),
    "jena-zentrum": ("Jena-Zentrum", 11.5885, 50.9275),
    "jenapriessnitz-wogau": ("Jenaprießnitz/Wogau", 11.6520, 50.9220),
    "kernberge": ("Kernberge", 11.6080, 50.9170),
    "krippendorf": ("Krippendorf", 11.5300, 50.9670),
    "kunitz-laasan": ("Kunitz/Laasan", 11.6260, 50.9620),
    "leutra": ("Leutra", 11.5750, 50.8720),
    "lichtenhain": ("Lichtenhain", 11.5600, 50.9210),
    "lobeda-altstadt": ("Lobeda-Altstadt", 11.6170, 50.8900),
    "loebstedt": ("Löbstedt", 11.5970, 50.9520),
    "luetzeroda": ("Lützeroda", 11.5400, 50.9550),
    "maua": ("Maua", 11.6100, 50.8620),
    "muenchenroda-remderoda": ("Münchenroda/Remderoda", 11.5150, 50.9300),
    "neulobeda": ("Neulobeda", 11.6050, 50.8860),
    "vierzehnheiligen": ("Vierzehnheiligen", 11.5200, 50.9720),
    "wenigenjena": ("Wenigenjena", 11.6060, 50.9330),
    "winzerla": ("Winzerla", 11.5720, 50.8970),
    "woellnitz": ("Wöllnitz", 11.6110, 50.9050),
    "ziegenhain": ("Ziegenhain", 11.6320, 50.9250),
    "zwaetzen": ("Zwätzen", 11.6030, 50.9610),
}

# The city as a whole (lon/lat box) and the surrounding region ("around Jena").
CITY_BBOX: tuple[float, float, float, float] = (11.52, 50.86, 11.66, 50.97)
# (title label, phrase after a noun, lon/lat box)
REGIONS: tuple[tuple[str, str, tuple[float, float, float, float]], ...] = (
    ("Stadtregion Jena", "in der Stadtregion Jena", (11.45, 50.82, 11.72, 51.00)),
    ("Umland Dornburg-Camburg", "im nördlichen Umland bei Dornburg-Camburg", (11.60, 50.97, 11.75, 51.08)),
    ("Umland Kahla", "im südlichen Umland bei Kahla", (11.52, 50.76, 11.65, 50.86)),
    ("Umland Bucha", "im westlichen Umland bei Bucha und Großschwabhausen", (11.40, 50.88, 11.52, 50.98)),
    ("Umland Bürgel", "im östlichen Umland bei Bürgel", (11.66, 50.90, 11.80, 50.98)),
)

FIRST_NAMES: tuple[str, ...] = (
    "Anna",
    "Katrin",
    "Sabine",
    "Julia",
    "Claudia",
    "Birgit",
    "Nadine",
    "Petra",
    "Miriam",
    "Franziska",
    "Thomas",
    "Michael",
    "Stefan",
    "Martin",
    "Andreas",
    "Jonas",
    "Robert",
    "Christian",
    "Frank",
    "Tobias",
)
LAST_NAMES: tuple[str, ...] = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Wagner",
    "Becker",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Köhler",
)

FREQUENCY_PHRASES: dict[str, str] = {
    "DAILY": "täglich aktualisiert",
    "WEEKLY": "wöchentlich aktualisiert",
    "MONTHLY": "monatlich aktualisiert",
    "QUARTERLY": "vierteljährlich aktualisiert",
    "ANNUAL_2": "halbjährlich aktualisiert",
    "ANNUAL": "einmal im Jahr fortgeschrieben",
    "BIENNIAL": "alle zwei Jahre fortgeschrieben",
    "IRREG": "bei Bedarf aktualisiert",
    "NEVER": "nicht mehr aktualisiert, weil die Erhebung abgeschlossen ist",
    "CONT": "fortlaufend aktualisiert",
    "UPDATE_CONT": "laufend aktualisiert",
}

SOURCE_SENTENCES: tuple[str, ...] = (
    "Die Angaben stammen aus dem Fachverfahren der zuständigen Stelle und werden vor der Veröffentlichung auf "
    "Plausibilität geprüft.",
    "Grundlage sind eigene Erhebungen und Messungen der Stadt Jena.",
    "Die Daten werden automatisiert aus dem Fachverfahren exportiert und unverändert bereitgestellt.",
    "Die Erfassung erfolgt durch Mitarbeiterinnen und Mitarbeiter vor Ort.",
    "Die Werte wurden mit den Daten des Thüringer Landesamtes für Statistik abgeglichen.",
)

HINT_SENTENCES: tuple[str, ...] = (
    "Personenbezogene Daten sind nicht enthalten.",
    "Werte kleiner drei werden aus Datenschutzgründen nicht ausgewiesen.",
    "Eine Beschreibung aller Spalten findet sich in der Dokumentation.",
    "Hinweise auf Fehler nimmt die Kontaktstelle gern entgegen.",
    "Ältere Jahrgänge sind auf Anfrage erhältlich.",
    "Die Daten eignen sich für Auswertungen auf Ebene der Ortsteile.",
)

GEO_SENTENCES: tuple[str, ...] = (
    "Die Geometrien liegen im Bezugssystem ETRS89/UTM Zone 32N vor.",
    "Zusätzlich zum Download stehen ein Darstellungsdienst (WMS) und ein Downloaddienst (WFS) bereit.",
    "Die Lagegenauigkeit beträgt je nach Erfassungsmethode wenige Zentimeter bis einige Meter.",
)

REALTIME_SENTENCES: tuple[str, ...] = (
    "Die Messwerte sind vorläufig und nicht validiert.",
    "Die Schnittstelle liefert die aktuellen Werte als JSON; eine Historie steht als CSV bereit.",
    "Bei Ausfällen einzelner Sensoren fehlen Werte, sie werden nicht nachträglich ergänzt.",
)
