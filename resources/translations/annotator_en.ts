<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DocumentList</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/document_list.py" line="565"/>
        <source>%n documents</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="309"/>
        <source>%n records</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="310"/>
        <source>%n documents</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="311"/>
        <source>%n spans</source>
        <translation>
            <numerusform>%n span</numerusform>
            <numerusform>%n spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="320"/>
        <source>%n notes: what the format cannot hold was left out, never moved (see the details).</source>
        <translation>
            <numerusform>%n note: what the format cannot hold was left out, never moved (see the details).</numerusform>
            <numerusform>%n notes: what the format cannot hold was left out, never moved (see the details).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="230"/>
        <source>Exporting… %n records</source>
        <translation>
            <numerusform>Exporting… %n record</numerusform>
            <numerusform>Exporting… %n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="89"/>
        <source>Importing… {done} of %n files</source>
        <translation>
            <numerusform>Importing… {done} of %n file</numerusform>
            <numerusform>Importing… {done} of %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="92"/>
        <source>%n records</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="679"/>
        <source>Imported %n new documents</source>
        <translation>
            <numerusform>Imported %n new document</numerusform>
            <numerusform>Imported %n new documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="680"/>
        <source>(%n already there)</source>
        <translation>
            <numerusform>(%n already there)</numerusform>
            <numerusform>(%n already there)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="399"/>
        <source>%n disagreements</source>
        <translation>
            <numerusform>%n disagreement</numerusform>
            <numerusform>%n disagreements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="400"/>
        <source>%n decided in gold</source>
        <translation>
            <numerusform>%n decided in gold</numerusform>
            <numerusform>%n decided in gold</numerusform>
        </translation>
    </message>
</context>
</TS>
