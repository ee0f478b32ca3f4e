<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DocumentList</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/document_list.py" line="792"/>
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
        <location filename="../../annotator/gui/exporting.py" line="313"/>
        <source>%n records</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="314"/>
        <source>%n documents</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="315"/>
        <source>%n spans</source>
        <translation>
            <numerusform>%n span</numerusform>
            <numerusform>%n spans</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="324"/>
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
        <location filename="../../annotator/gui/exporting.py" line="234"/>
        <source>Exporting… %n records</source>
        <translation>
            <numerusform>Exporting… %n record</numerusform>
            <numerusform>Exporting… %n records</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GuidelinesPanel</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/guidelines_panel.py" line="204"/>
        <source>%n found</source>
        <translation>
            <numerusform>%n found</numerusform>
            <numerusform>%n found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="72"/>
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="202"/>
        <source>Importing… {done} of %n files</source>
        <translation>
            <numerusform>Importing… {done} of %n file</numerusform>
            <numerusform>Importing… {done} of %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="205"/>
        <source>%n records</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="215"/>
        <source>{file}: %n record(s) rejected or ignored in the peer tool, kept as documents with that decision (never exported as accepted examples)</source>
        <translation>
            <numerusform>{file}: %n record rejected or ignored in the peer tool, kept as a document with that decision (never exported as an accepted example)</numerusform>
            <numerusform>{file}: %n records rejected or ignored in the peer tool, kept as documents with that decision (never exported as accepted examples)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="223"/>
        <source>(the %n annotation(s) they turned down were not imported)</source>
        <translation>
            <numerusform>(the %n annotation it turned down was not imported)</numerusform>
            <numerusform>(the %n annotations they turned down were not imported)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="895"/>
        <source>Imported %n new documents</source>
        <translation>
            <numerusform>Imported %n new document</numerusform>
            <numerusform>Imported %n new documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="896"/>
        <source>(%n already there)</source>
        <translation>
            <numerusform>(%n already there)</numerusform>
            <numerusform>(%n already there)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_mode.py" line="421"/>
        <source>No version {number}: this disagreement has %n version(s)</source>
        <translation>
            <numerusform>No version {number}: this disagreement has %n version</numerusform>
            <numerusform>No version {number}: this disagreement has %n versions</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="555"/>
        <source>%n disagreements</source>
        <translation>
            <numerusform>%n disagreement</numerusform>
            <numerusform>%n disagreements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="556"/>
        <source>%n decided</source>
        <translation>
            <numerusform>%n decided</numerusform>
            <numerusform>%n decided</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="557"/>
        <source>%n pre-filled</source>
        <translation>
            <numerusform>%n pre-filled</numerusform>
            <numerusform>%n pre-filled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="558"/>
        <source>%n open</source>
        <translation>
            <numerusform>%n open</numerusform>
            <numerusform>%n open</numerusform>
        </translation>
    </message>
</context>
</TS>
