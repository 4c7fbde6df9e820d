<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>iotile::AboutDialog</name>
    <message>
        <source>About IOTile Studio</source>
        <translation>Über IOTile Studio</translation>
    </message>
    <message>
        <source>&lt;h2&gt;IOTile Studio %1&lt;/h2&gt;&lt;p&gt;The desktop client of IOTile Cloud for Qt: explore organizations, projects, devices and streams, chart stream data and write reports.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;https://github.com/iotile/iotile_cloud&quot;&gt;Based on the iotile.cloud API&lt;/a&gt;&lt;/p&gt;</source>
        <translation>&lt;h2&gt;IOTile Studio %1&lt;/h2&gt;&lt;p&gt;Der Desktop-Client von IOTile Cloud für Qt: Organisationen, Projekte, Geräte und Datenströme erkunden, Messwerte als Diagramm darstellen und Berichte erstellen.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;/p&gt;&lt;p&gt;&lt;a href=&quot;https://github.com/iotile/iotile_cloud&quot;&gt;Beruht auf der API von iotile.cloud&lt;/a&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>Server: %1 (%2, stage %3, server time %4)</source>
        <translation>Server: %1 (%2, Umgebung %3, Serverzeit %4)</translation>
    </message>
</context>
<context>
    <name>iotile::BucketPlan</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n Sekunde</numerusform>
            <numerusform>%n Sekunden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>iotile::ChartPanel</name>
    <message>
        <source>1h</source>
        <translation>1 Std.</translation>
    </message>
    <message>
        <source>24h</source>
        <translation>24 Std.</translation>
    </message>
    <message>
        <source>7d</source>
        <translation>7 T.</translation>
    </message>
    <message>
        <source>30d</source>
        <translation>30 T.</translation>
    </message>
    <message>
        <source>1y</source>
        <translation>1 J.</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Show the last %1</source>
        <translation>Die letzten %1 anzeigen</translation>
    </message>
    <message>
        <source>Reset Zoom</source>
        <translation>Zoom zurücksetzen</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Export the chart as a PNG image</source>
        <translation>Das Diagramm als PNG-Bild exportieren</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>Export the visible data as CSV</source>
        <translation>Die sichtbaren Daten als CSV exportieren</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>Tick streams in the explorer to chart them.</source>
        <translation>Markieren Sie Datenströme im Explorer, um sie im Diagramm zu zeigen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s), averages over %1 with min/max</source>
        <translation>
            <numerusform>%n Datenstrom, Mittelwerte über %1 mit Min./Max.</numerusform>
            <numerusform>%n Datenströme, Mittelwerte über %1 mit Min./Max.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stream(s), raw values</source>
        <translation>
            <numerusform>%n Datenstrom, Rohwerte</numerusform>
            <numerusform>%n Datenströme, Rohwerte</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 points loaded</source>
        <translation>%1 Punkte geladen</translation>
    </message>
    <message>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Keep the chart current: fetch the newest values as they arrive</source>
        <translation>Das Diagramm aktuell halten: die neuesten Werte laden, sobald sie eintreffen</translation>
    </message>
    <message>
        <source>live paused while zoomed</source>
        <translation>live pausiert, solange gezoomt ist</translation>
    </message>
    <message>
        <source>live</source>
        <translation>live</translation>
    </message>
</context>
<context>
    <name>iotile::ConfigAttributesModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
</context>
<context>
    <name>iotile::DeploymentDialog</name>
    <message>
        <source>New Deployment Request</source>
        <translation>Neuer Verteilungsauftrag</translation>
    </message>
    <message>
        <source>One criterion per line, e.g. os_tag:eq:1024 (empty: every device)</source>
        <translation>Ein Kriterium pro Zeile, z. B. os_tag:eq:1024 (leer: alle Geräte)</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Anlegen</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <source>&amp;Script:</source>
        <translation>&amp;Skript:</translation>
    </message>
    <message>
        <source>S&amp;election:</source>
        <translation>&amp;Auswahl:</translation>
    </message>
    <message>
        <source>Loading the device scripts…</source>
        <translation>Die Geräteskripte werden geladen…</translation>
    </message>
    <message>
        <source>This organization has no device scripts to deploy.</source>
        <translation>Diese Organisation hat keine Geräteskripte zum Verteilen.</translation>
    </message>
    <message>
        <source>Not a criterion (name:operator:value): %1</source>
        <translation>Kein Kriterium (Name:Operator:Wert): %1</translation>
    </message>
</context>
<context>
    <name>iotile::DeploymentListModel</name>
    <message>
        <source>all devices of %1</source>
        <translation>alle Geräte von %1</translation>
    </message>
    <message>
        <source>any</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>releases %1</source>
        <translation>wird freigegeben %1</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>released %1</source>
        <translation>freigegeben %1</translation>
    </message>
    <message>
        <source>completed %1</source>
        <translation>abgeschlossen %1</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Skript</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
</context>
<context>
    <name>iotile::DeploymentProgressModel</name>
    <message>
        <source>Reported by an agent, but no longer selected by this request</source>
        <translation>Von einem Agenten gemeldet, aber von diesem Auftrag nicht mehr ausgewählt</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>OS version</source>
        <translation>OS-Version</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>App-Version</translation>
    </message>
    <message>
        <source>Last attempt</source>
        <translation>Letzter Versuch</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>Bestätigt</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
<context>
    <name>iotile::DetailsPanel</name>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>Eigenschaften</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>Standorte</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Save Label</source>
        <translation>Bezeichnung speichern</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Bezeichnung:</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Integer</source>
        <translation>Ganzzahl</translation>
    </message>
    <message>
        <source>Yes/No</source>
        <translation>Ja/Nein</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Setzen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Write a note and press Enter</source>
        <translation>Notiz schreiben und Eingabetaste drücken</translation>
    </message>
    <message>
        <source>Add Note</source>
        <translation>Notiz hinzufügen</translation>
    </message>
    <message>
        <source>:name</source>
        <translation>:name</translation>
    </message>
    <message>
        <source>JSON value</source>
        <translation>JSON-Wert</translation>
    </message>
    <message>
        <source>Select an organization, project, device or stream.</source>
        <translation>Wählen Sie eine Organisation, ein Projekt, ein Gerät oder einen Datenstrom.</translation>
    </message>
    <message>
        <source>Organization %1</source>
        <translation>Organisation %1</translation>
    </message>
    <message>
        <source>ID:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>About:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>Created by:</source>
        <translation>Erstellt von:</translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation>Projekt %1</translation>
    </message>
    <message>
        <source>UUID:</source>
        <translation>UUID:</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <source>Device %1</source>
        <translation>Gerät %1</translation>
    </message>
    <message>
        <source>External ID:</source>
        <translation>Externe ID:</translation>
    </message>
    <message>
        <source>Active:</source>
        <translation>Aktiv:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Sensor graph:</source>
        <translation>Sensorgraph:</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Position:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Claimed by:</source>
        <translation>Übernommen von:</translation>
    </message>
    <message>
        <source>Claimed:</source>
        <translation>Übernommen am:</translation>
    </message>
    <message>
        <source>Stream %1</source>
        <translation>Datenstrom %1</translation>
    </message>
    <message>
        <source>Variable:</source>
        <translation>Variable:</translation>
    </message>
    <message>
        <source>Variable type:</source>
        <translation>Variablentyp:</translation>
    </message>
    <message>
        <source>Output unit:</source>
        <translation>Ausgabeeinheit:</translation>
    </message>
    <message>
        <source>Data type:</source>
        <translation>Datentyp:</translation>
    </message>
    <message>
        <source>Enabled:</source>
        <translation>Aktiviert:</translation>
    </message>
</context>
<context>
    <name>iotile::DeviceScriptModel</name>
    <message>
        <source>not released</source>
        <translation>nicht freigegeben</translation>
    </message>
    <message>
        <source>released</source>
        <translation>freigegeben</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Skript</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Freigegeben</translation>
    </message>
</context>
<context>
    <name>iotile::ErrorText</name>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The server did not accept the request.</source>
        <translation>Der Server hat die Anfrage nicht angenommen.</translation>
    </message>
    <message>
        <source>Please sign in again.</source>
        <translation>Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>You are not allowed to do this.</source>
        <translation>Dazu fehlt Ihnen die Berechtigung.</translation>
    </message>
    <message>
        <source>Not found on the server.</source>
        <translation>Auf dem Server nicht gefunden.</translation>
    </message>
    <message>
        <source>Too many attempts; try again later.</source>
        <translation>Zu viele Versuche; versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation>Der Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The server reported an error.</source>
        <translation>Der Server hat einen Fehler gemeldet.</translation>
    </message>
</context>
<context>
    <name>iotile::ExplorerModel</name>
    <message>
        <source>Organizations</source>
        <translation>Organisationen</translation>
    </message>
    <message>
        <source>Could not load: %1</source>
        <translation>Konnte nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
</context>
<context>
    <name>iotile::ExplorerWidget</name>
    <message>
        <source>Show inactive devices</source>
        <translation>Inaktive Geräte anzeigen</translation>
    </message>
    <message>
        <source>Search names, labels and IDs</source>
        <translation>Namen, Bezeichnungen und IDs durchsuchen</translation>
    </message>
    <message>
        <source>Show in Chart</source>
        <translation>Im Diagramm zeigen</translation>
    </message>
    <message>
        <source>Copy ID</source>
        <translation>ID kopieren</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
</context>
<context>
    <name>iotile::FleetDialog</name>
    <message>
        <source>The fleet is a network: its gateways read the other devices</source>
        <translation>Die Flotte ist ein Netzwerk: ihre Gateways lesen die anderen Geräte aus</translation>
    </message>
    <message>
        <source>New Fleet</source>
        <translation>Neue Flotte</translation>
    </message>
    <message>
        <source>Edit Fleet %1</source>
        <translation>Flotte %1 bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
</context>
<context>
    <name>iotile::FleetListModel</name>
    <message>
        <source>A network: gateways in it read the other devices</source>
        <translation>Ein Netzwerk: seine Gateways lesen die anderen Geräte aus</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>iotile::FleetMembersModel</name>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Always on</source>
        <translation>Immer an</translation>
    </message>
</context>
<context>
    <name>iotile::FleetsWidget</name>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Organization:</source>
        <translation>Organisation:</translation>
    </message>
    <message numerus="yes">
        <source>%n device(s): </source>
        <translation>
            <numerusform>%n Gerät: </numerusform>
            <numerusform>%n Geräte: </numerusform>
        </translation>
    </message>
    <message>
        <source>%1 attempted, %2 updated, %3 confirmed by the device</source>
        <translation>%1 versucht, %2 aktualisiert, %3 vom Gerät bestätigt</translation>
    </message>
    <message>
        <source>Fleets</source>
        <translation>Flotten</translation>
    </message>
    <message>
        <source>Search fleets</source>
        <translation>Flotten durchsuchen</translation>
    </message>
    <message>
        <source>&amp;New Fleet…</source>
        <translation>&amp;Neue Flotte…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;Bearbeiten…</translation>
    </message>
    <message>
        <source>Devices in the fleet</source>
        <translation>Geräte der Flotte</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Gateway</translation>
    </message>
    <message>
        <source>Always on</source>
        <translation>Immer an</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Deployment requests</source>
        <translation>Verteilungsaufträge</translation>
    </message>
    <message>
        <source>New &amp;Deployment…</source>
        <translation>Neue &amp;Verteilung…</translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Let phones and gateways start updating the devices</source>
        <translation>Telefone und Gateways mit der Aktualisierung der Geräte beginnen lassen</translation>
    </message>
    <message>
        <source>Progress of the selected request</source>
        <translation>Fortschritt des gewählten Auftrags</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Follow (refresh every %n second(s))</source>
        <translation>
            <numerusform>&amp;Verfolgen (jede Sekunde aktualisieren)</numerusform>
            <numerusform>&amp;Verfolgen (alle %n Sekunden aktualisieren)</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not load the organizations: %1</source>
        <translation>Die Organisationen konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Could not load the devices: %1</source>
        <translation>Die Geräte konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>%1 is already in this fleet.</source>
        <translation>%1 ist bereits in dieser Flotte.</translation>
    </message>
    <message>
        <source>every device of %1</source>
        <translation>alle Geräte von %1</translation>
    </message>
    <message>
        <source>the devices of fleet %1</source>
        <translation>die Geräte der Flotte %1</translation>
    </message>
    <message>
        <source>Fleet %1 deleted.</source>
        <translation>Flotte %1 gelöscht.</translation>
    </message>
    <message>
        <source>%1 is now the file of script %2.</source>
        <translation>%1 ist jetzt die Datei des Skripts %2.</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Delete Fleet</source>
        <translation>Flotte löschen</translation>
    </message>
    <message>
        <source>Delete the fleet %1? Its devices stay in the organization.</source>
        <translation>Die Flotte %1 löschen? Ihre Geräte bleiben in der Organisation.</translation>
    </message>
    <message>
        <source>&amp;Upload Script File…</source>
        <translation>Skriptdatei &amp;hochladen…</translation>
    </message>
    <message>
        <source>Send a new file for one of the organization&apos;s device scripts</source>
        <translation>Eine neue Datei für eines der Geräteskripte der Organisation senden</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>iotile::LocationsModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Breitengrad</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Längengrad</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
</context>
<context>
    <name>iotile::LoginDialog</name>
    <message>
        <source>Sign In</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign In to IOTile Cloud</source>
        <translation>Bei IOTile Cloud anmelden</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Enter a server address such as https://iotile.example.com.</source>
        <translation>Geben Sie eine Serveradresse wie https://iotile.example.com ein.</translation>
    </message>
</context>
<context>
    <name>iotile::MainWindow</name>
    <message>
        <source>Your session has ended (%1). Please sign in again.</source>
        <translation>Ihre Sitzung ist beendet (%1). Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>No keychain is available (%1). You stay signed in until IOTile Studio closes; next time it will ask for your password again.</source>
        <translation>Kein Schlüsselbund verfügbar (%1). Sie bleiben angemeldet, bis IOTile Studio beendet wird; beim nächsten Start wird erneut nach Ihrem Passwort gefragt.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Could not load %1: %2</source>
        <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
        <source>&amp;Sign In…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Export Chart as &amp;PNG…</source>
        <translation>Diagramm als &amp;PNG exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Export Chart Data as &amp;CSV…</source>
        <translation>Diagrammdaten als &amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <source>&amp;Generate Report…</source>
        <translation>Be&amp;richt erstellen…</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation>Zoom &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>&amp;Explorer</source>
        <translation>&amp;Explorer</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>&amp;Details</source>
        <translation>&amp;Details</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>&amp;About IOTile Studio</source>
        <translation>Über IOTile &amp;Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Last &amp;Hour</source>
        <translation>Letzte &amp;Stunde</translation>
    </message>
    <message>
        <source>Last &amp;Day</source>
        <translation>Letzter &amp;Tag</translation>
    </message>
    <message>
        <source>Last &amp;Week</source>
        <translation>Letzte &amp;Woche</translation>
    </message>
    <message>
        <source>Last &amp;Month</source>
        <translation>Letzter &amp;Monat</translation>
    </message>
    <message>
        <source>Last &amp;Year</source>
        <translation>Letztes &amp;Jahr</translation>
    </message>
    <message>
        <source>&amp;All Data</source>
        <translation>&amp;Alle Daten</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Chart</source>
        <translation>Dia&amp;gramm</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <source>IOTile Studio</source>
        <translation>IOTile Studio</translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation>Demodaten</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Fleets &amp;&amp; OTA</source>
        <translation>Flotten &amp;&amp; OTA</translation>
    </message>
    <message>
        <source>&amp;Live Refresh</source>
        <translation>&amp;Live-Aktualisierung</translation>
    </message>
    <message>
        <source>Ctrl+Shift+L</source>
        <translation>Ctrl+Shift+L</translation>
    </message>
    <message>
        <source>Go to &amp;Data</source>
        <translation>Zu den &amp;Daten</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>Go to Fleets &amp;&amp; &amp;OTA</source>
        <translation>Zu Flotten &amp;&amp; &amp;OTA</translation>
    </message>
    <message>
        <source>Ctrl+4</source>
        <translation>Ctrl+4</translation>
    </message>
</context>
<context>
    <name>iotile::NotesModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>iotile::NoticeBar</name>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>iotile::PdfReportWriter</name>
    <message>
        <source>cannot start the PDF</source>
        <translation>das PDF kann nicht begonnen werden</translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <source>Generated %1 by %2 from %3</source>
        <translation>Erstellt %1 von %2 mit Daten von %3</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Datenstrom</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter Wert</translation>
    </message>
    <message>
        <source>%1 · %2 to %3</source>
        <translation>%1 · %2 bis %3</translation>
    </message>
    <message>
        <source>Every recorded value.</source>
        <translation>Alle aufgezeichneten Werte.</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Erster Wert</translation>
    </message>
    <message>
        <source>cannot finish the PDF</source>
        <translation>das PDF kann nicht abgeschlossen werden</translation>
    </message>
    <message>
        <source>cannot move the PDF into place</source>
        <translation>das PDF kann nicht an seinen Platz verschoben werden</translation>
    </message>
    <message>
        <source>Averages over %1, with the minimum and maximum of each interval.</source>
        <translation>Mittelwerte über %1, mit Minimum und Maximum jedes Intervalls.</translation>
    </message>
</context>
<context>
    <name>iotile::PropertiesModel</name>
    <message>
        <source>System property</source>
        <translation>Systemeigenschaft</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
</context>
<context>
    <name>iotile::ReportChartPainter</name>
    <message>
        <source>No data in this range.</source>
        <translation>Keine Daten in diesem Zeitraum.</translation>
    </message>
</context>
<context>
    <name>iotile::ReportDialog</name>
    <message>
        <source>Stream report</source>
        <translation>Datenstrom-Bericht</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>Cancel Report</source>
        <translation>Bericht abbrechen</translation>
    </message>
    <message>
        <source>Generate Report</source>
        <translation>Bericht erstellen</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>Every value</source>
        <translation>Alle Werte</translation>
    </message>
    <message>
        <source>Hourly averages</source>
        <translation>Stundenmittelwerte</translation>
    </message>
    <message>
        <source>Daily averages</source>
        <translation>Tagesmittelwerte</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Excel-Arbeitsmappe</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV-Datei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Streams:</source>
        <translation>&amp;Datenströme:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>&amp;Resolution:</source>
        <translation>&amp;Auflösung:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Save Report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>Tick at least one stream.</source>
        <translation>Wählen Sie mindestens einen Datenstrom aus.</translation>
    </message>
    <message>
        <source>The start must come before the end.</source>
        <translation>Der Beginn muss vor dem Ende liegen.</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Report cancelled.</source>
        <translation>Bericht abgebrochen.</translation>
    </message>
</context>
<context>
    <name>iotile::ReportGenerator</name>
    <message>
        <source>Writing the report…</source>
        <translation>Bericht wird geschrieben…</translation>
    </message>
    <message>
        <source>Fetching %1…</source>
        <translation>%1 wird abgerufen…</translation>
    </message>
</context>
<context>
    <name>iotile::ReportWriter</name>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel-Arbeitsmappen (*.xlsx)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>iotile::ScriptUploadDialog</name>
    <message>
        <source>Upload Script File</source>
        <translation>Skriptdatei hochladen</translation>
    </message>
    <message>
        <source>The file the devices will be sent</source>
        <translation>Die Datei, die an die Geräte gesendet wird</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>&amp;Script:</source>
        <translation>&amp;Skript:</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Script File</source>
        <translation>Skriptdatei</translation>
    </message>
</context>
<context>
    <name>iotile::Session</name>
    <message>
        <source>No saved sign-in for this server.</source>
        <translation>Keine gespeicherte Anmeldung für diesen Server.</translation>
    </message>
    <message>
        <source>No saved sign-in.</source>
        <translation>Keine gespeicherte Anmeldung.</translation>
    </message>
    <message>
        <source>The keychain cannot be read (%1).</source>
        <translation>Der Schlüsselbund kann nicht gelesen werden (%1).</translation>
    </message>
</context>
<context>
    <name>iotile::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Output units of each stream</source>
        <translation>Ausgabeeinheit des jeweiligen Datenstroms</translation>
    </message>
    <message>
        <source>Values as stored</source>
        <translation>Gespeicherte Werte</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>A new language applies when IOTile Studio starts again.</source>
        <translation>Eine andere Sprache gilt ab dem nächsten Start von IOTile Studio.</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Values:</source>
        <translation>&amp;Werte:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Erscheinungsbild:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
</context>
<context>
    <name>iotile::StreamChart</name>
    <message>
        <source>%1 min–max</source>
        <translation>%1 Min.–Max.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>iotile::StreamChartView</name>
    <message>
        <source>Drag to zoom in, right-click to zoom out, wheel to zoom, Shift+drag or middle button to pan</source>
        <translation>Ziehen zum Vergrößern, Rechtsklick zum Verkleinern, Mausrad zum Zoomen, Umschalt+Ziehen oder mittlere Maustaste zum Verschieben</translation>
    </message>
</context>
<context>
    <name>iotile::XlsxReportWriter</name>
    <message>
        <source>Stream</source>
        <translation>Datenstrom</translation>
    </message>
    <message>
        <source>cannot move the workbook into place</source>
        <translation>die Arbeitsmappe kann nicht an ihren Platz verschoben werden</translation>
    </message>
    <message>
        <source>cannot create the workbook</source>
        <translation>die Arbeitsmappe kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>Minimum</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Erster Wert</translation>
    </message>
    <message>
        <source>Last</source>
        <translation>Letzter Wert</translation>
    </message>
    <message>
        <source>Only the first %1 rows fit on the sheet.</source>
        <translation>Nur die ersten %1 Zeilen passen auf das Tabellenblatt.</translation>
    </message>
    <message>
        <source>Timestamp (UTC)</source>
        <translation>Zeitstempel (UTC)</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Value (%1)</source>
        <translation>Wert (%1)</translation>
    </message>
    <message>
        <source>Average (%1)</source>
        <translation>Mittelwert (%1)</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
</context>
</TS>
