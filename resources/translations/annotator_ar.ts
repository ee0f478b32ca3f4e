<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementPanel</name>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="153"/>
        <source>Compute again</source>
        <translation>احسب من جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="155"/>
        <source>All labels</source>
        <translation>كل الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="156"/>
        <source>Entities</source>
        <translation>الكيانات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="157"/>
        <source>Quotes</source>
        <translation>الاقتباسات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="158"/>
        <source>Topic spans</source>
        <translation>مقاطع المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="162"/>
        <source>Which spans to compare: one kind at a time</source>
        <translation>أي المقاطع تُقارن: نوع واحد في كل مرة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="163"/>
        <source>Pairs by label</source>
        <translation>الأزواج حسب الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="164"/>
        <source>Alpha</source>
        <translation>ألفا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="165"/>
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="166"/>
        <source>Pair matrix</source>
        <translation>مصفوفة الأزواج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="170"/>
        <source>Not computed yet.</source>
        <translation>لم يُحسب بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="172"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="198"/>
        <source>Computing agreement…</source>
        <translation>يجري حساب الاتفاق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="236"/>
        <source>Documents compared: {documents}. Annotators: {names}.</source>
        <translation>المستندات المقارنة: {documents}. الموسِّمون: {names}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="240"/>
        <source>(all labels)</source>
        <translation>(كل الوسوم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="244"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="275"/>
        <source>Annotator A</source>
        <translation>الموسِّم أ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="245"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="276"/>
        <source>Annotator B</source>
        <translation>الموسِّم ب</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="246"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="270"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="247"/>
        <source>Exact F1</source>
        <translation>F1 بالتطابق التام</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="248"/>
        <source>Overlap F1</source>
        <translation>F1 بالتداخل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="249"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="279"/>
        <source>Kappa</source>
        <translation>كابا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="265"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="271"/>
        <source>(all topics)</source>
        <translation>(كل المواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="267"/>
        <source>topic {name}</source>
        <translation>الموضوع {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="270"/>
        <source>Krippendorff&apos;s alpha</source>
        <translation>ألفا كريبندورف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="277"/>
        <source>Topic</source>
        <translation>الموضوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="278"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="299"/>
        <source>Overlap F1 over all labels, for each annotator pair</source>
        <translation>F1 بالتداخل على كل الوسوم، لكل زوج من الموسِّمين</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="587"/>
        <source>{label} ({kind}) by {annotator}</source>
        <translation>{label} ({kind}) بواسطة {annotator}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="593"/>
        <source>Speaker: {name}</source>
        <translation>المتحدث: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="604"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="605"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="606"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../../annotator/gui/app.py" line="145"/>
        <source>annotator: cannot open the database</source>
        <translation>annotator: تعذّر فتح قاعدة البيانات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="30"/>
        <source>annotator: error</source>
        <translation>annotator: خطأ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="42"/>
        <location filename="../../annotator/gui/dialogs.py" line="64"/>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="65"/>
        <source>{path} exists. Replace it?</source>
        <translation>الملف {path} موجود. أتريد استبداله؟</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="80"/>
        <source>annotator: changed meanwhile</source>
        <translation>annotator: تغيّر في الأثناء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="81"/>
        <source>Someone else changed this document meanwhile. Your last action was not saved, so nothing of theirs was overwritten. The document is reloaded now: look at it again and redo your action if it is still needed.</source>
        <translation>غيّر شخص آخر هذا المستند في الأثناء. لم يُحفظ إجراؤك الأخير، فلم يُكتب شيء فوق عمله. يُعاد تحميل المستند الآن: راجعه وأعد إجراءك إن كان لا يزال لازمًا.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="98"/>
        <source>Welcome to annotator</source>
        <translation>مرحبًا بك في annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="99"/>
        <source>Your name (it is recorded with every annotation you make):</source>
        <translation>اسمك (يُسجَّل مع كل توسيم تضيفه):</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="120"/>
        <source>annotator: unexpected error</source>
        <translation>annotator: خطأ غير متوقع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="124"/>
        <source>Your saved annotations are safe: every action is stored as soon as it is shown.</source>
        <translation>توسيماتك المحفوظة في أمان: كل إجراء يُخزَّن فور ظهوره.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="132"/>
        <source>Continue</source>
        <translation>متابعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="135"/>
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
</context>
<context>
    <name>DisagreementModel</name>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="213"/>
        <source>Disagreement / version</source>
        <translation>الخلاف / النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="213"/>
        <source>In gold</source>
        <translation>في المرجع</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="75"/>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="76"/>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="77"/>
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="459"/>
        <source>Search titles and texts (any diacritics; &quot;quotes&quot; for a phrase)…</source>
        <translation>ابحث في العناوين والنصوص (بتشكيل أو بدونه؛ &quot;علامتا تنصيص&quot; لعبارة)…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="461"/>
        <source>Searching…</source>
        <translation>جارٍ البحث…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="466"/>
        <source>Titles and texts</source>
        <translation>العناوين والنصوص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="467"/>
        <source>Texts only</source>
        <translation>النصوص فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="468"/>
        <source>Titles and ids only</source>
        <translation>العناوين والمعرّفات فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="472"/>
        <source>Ignore و ف ب ل ك ال</source>
        <translation>تجاهل و ف ب ل ك ال</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="474"/>
        <source>Text search also finds the word with these glued before it</source>
        <translation>يجد البحث في النصوص الكلمة أيضًا حين تلتصق بها هذه السوابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="476"/>
        <source>Source contains…</source>
        <translation>المصدر يحتوي…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="477"/>
        <source>In no queue</source>
        <translation>في غير قائمة أحد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="492"/>
        <source>Any labels</source>
        <translation>أي وسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="495"/>
        <source>With {label}</source>
        <translation>فيه {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="498"/>
        <source>Without {label}</source>
        <translation>ليس فيه {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="507"/>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/document_list.py" line="565"/>
        <source>%n documents</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%n مستندات</numerusform>
            <numerusform>%n مستندًا</numerusform>
            <numerusform>%n مستند</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="326"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="326"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="326"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="340"/>
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="350"/>
        <source>{title}
(in your queue)</source>
        <translation>{title}
(في قائمتك)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="85"/>
        <source>Export annotations</source>
        <translation>تصدير التوسيمات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="88"/>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="95"/>
        <source>annotator JSON lines (spans, quotes, speakers, topics)</source>
        <translation>أسطر JSON الخاصة بـ annotator (المقاطع والاقتباسات والمتحدثون والمواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="96"/>
        <source>CoNLL / BIO tags</source>
        <translation>وسوم CoNLL / BIO</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="97"/>
        <source>Label Studio tasks</source>
        <translation>مهام Label Studio</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="98"/>
        <source>Prodigy / spaCy (with tokens)</source>
        <translation>Prodigy / spaCy (مع الرموز)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="99"/>
        <source>doccano</source>
        <translation>doccano</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="100"/>
        <source>Hugging Face token classification</source>
        <translation>تصنيف الرموز لـ Hugging Face</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="107"/>
        <source>Split the clitics و ف ب ل ك into tokens of their own</source>
        <translation>افصل السوابق و ف ب ل ك رموزًا مستقلة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="110"/>
        <source>Every annotator&apos;s layer</source>
        <translation>طبقة كل موسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="111"/>
        <source>My layer only</source>
        <translation>طبقتي فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="113"/>
        <source>The gold (adjudicated) layer</source>
        <translation>الطبقة المرجعية (المحسومة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="114"/>
        <source>Only layers marked done</source>
        <translation>الطبقات المعلَّمة كمنجزة فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="115"/>
        <source>Also documents without annotations</source>
        <translation>والمستندات غير الموسومة أيضًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="119"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="121"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="125"/>
        <source>File:</source>
        <translation>الملف:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="126"/>
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="127"/>
        <source>Tag scheme:</source>
        <translation>مخطط الوسوم:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="129"/>
        <source>Layers:</source>
        <translation>الطبقات:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="154"/>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="154"/>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="268"/>
        <source>An export is already running.</source>
        <translation>يجري تصدير بالفعل.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="284"/>
        <source>Choose a file to export to.</source>
        <translation>اختر ملفًا للتصدير إليه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="291"/>
        <source>{name} has no annotations yet.</source>
        <translation>لم يضع {name} أي توسيم بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="308"/>
        <source>Wrote {records} ({documents}, {spans}) to {path}.</source>
        <translation>كُتب {records} ({documents}، {spans}) في {path}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="309"/>
        <source>%n records</source>
        <translation>
            <numerusform>لا سجلات</numerusform>
            <numerusform>سجل واحد</numerusform>
            <numerusform>سجلان</numerusform>
            <numerusform>%n سجلات</numerusform>
            <numerusform>%n سجلًا</numerusform>
            <numerusform>%n سجل</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="310"/>
        <source>%n documents</source>
        <translation>
            <numerusform>لا مستندات</numerusform>
            <numerusform>مستند واحد</numerusform>
            <numerusform>مستندان</numerusform>
            <numerusform>%n مستندات</numerusform>
            <numerusform>%n مستندًا</numerusform>
            <numerusform>%n مستند</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="311"/>
        <source>%n spans</source>
        <translation>
            <numerusform>لا مقاطع</numerusform>
            <numerusform>مقطع واحد</numerusform>
            <numerusform>مقطعان</numerusform>
            <numerusform>%n مقاطع</numerusform>
            <numerusform>%n مقطعًا</numerusform>
            <numerusform>%n مقطع</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="320"/>
        <source>%n notes: what the format cannot hold was left out, never moved (see the details).</source>
        <translation>
            <numerusform>لا ملاحظات: ما لا يتسع له التنسيق تُرك ولم يُنقل (انظر التفاصيل).</numerusform>
            <numerusform>ملاحظة واحدة: ما لا يتسع له التنسيق تُرك ولم يُنقل (انظر التفاصيل).</numerusform>
            <numerusform>ملاحظتان: ما لا يتسع له التنسيق تُرك ولم يُنقل (انظر التفاصيل).</numerusform>
            <numerusform>%n ملاحظات: ما لا يتسع له التنسيق تُرك ولم يُنقل (انظر التفاصيل).</numerusform>
            <numerusform>%n ملاحظةً: ما لا يتسع له التنسيق تُرك ولم يُنقل (انظر التفاصيل).</numerusform>
            <numerusform>%n ملاحظة: ما لا يتسع له التنسيق تُرك ولم يُنقل (انظر التفاصيل).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="316"/>
        <source>Also wrote {path}.</source>
        <translation>وكُتب أيضًا {path}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="327"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="223"/>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="223"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="230"/>
        <source>Exporting… %n records</source>
        <translation>
            <numerusform>جارٍ التصدير… لا سجلات</numerusform>
            <numerusform>جارٍ التصدير… سجل واحد</numerusform>
            <numerusform>جارٍ التصدير… سجلان</numerusform>
            <numerusform>جارٍ التصدير… %n سجلات</numerusform>
            <numerusform>جارٍ التصدير… %n سجلًا</numerusform>
            <numerusform>جارٍ التصدير… %n سجل</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message>
        <location filename="../../annotator/gui/importing.py" line="75"/>
        <source>Importing…</source>
        <translation>جارٍ الاستيراد…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="75"/>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="89"/>
        <source>Importing… {done} of %n files</source>
        <translation>
            <numerusform>جارٍ الاستيراد… {done} من %n ملف</numerusform>
            <numerusform>جارٍ الاستيراد… {done} من ملف واحد</numerusform>
            <numerusform>جارٍ الاستيراد… {done} من ملفين</numerusform>
            <numerusform>جارٍ الاستيراد… {done} من %n ملفات</numerusform>
            <numerusform>جارٍ الاستيراد… {done} من %n ملفًا</numerusform>
            <numerusform>جارٍ الاستيراد… {done} من %n ملف</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="92"/>
        <source>%n records</source>
        <translation>
            <numerusform>لا سجلات</numerusform>
            <numerusform>سجل واحد</numerusform>
            <numerusform>سجلان</numerusform>
            <numerusform>%n سجلات</numerusform>
            <numerusform>%n سجلًا</numerusform>
            <numerusform>%n سجل</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="54"/>
        <source>Filter labels…</source>
        <translation>تصفية الوسوم…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="55"/>
        <source>Click a label, or press its key, to label the selection</source>
        <translation>انقر وسمًا أو اضغط مفتاحه لتوسيم التحديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="84"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="85"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/label_palette.py" line="86"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>Labelling</name>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="46"/>
        <source>Select some text first</source>
        <translation>حدّد نصًا أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="72"/>
        <source>Nothing to label there</source>
        <translation>لا شيء يُوسَم هنا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="80"/>
        <source>That span is already labelled {label}</source>
        <translation>هذا المقطع موسوم بالفعل {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="138"/>
        <source>Who said it? Click the speaker (a PER or ORG span) or mark one; Esc cancels.</source>
        <translation>من القائل؟ انقر المتحدث (مقطع PER أو ORG) أو حدّده؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="158"/>
        <source>Speaker linked</source>
        <translation>رُبط المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="173"/>
        <source>That is not a PER or ORG span. Click a speaker, or Esc to cancel.</source>
        <translation>هذا ليس مقطع PER أو ORG. انقر متحدثًا أو اضغط Esc للإلغاء.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="344"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="345"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="346"/>
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="347"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="348"/>
        <location filename="../../annotator/gui/menus.py" line="93"/>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="349"/>
        <source>Agreement</source>
        <translation>الاتفاق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="579"/>
        <source>Done {done} / {assigned} assigned</source>
        <translation>المنجز {done} / {assigned} مُسنَدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="590"/>
        <source>Reviewer: {name} (editing the gold layer)</source>
        <translation>المراجِع: {name} (يحرّر الطبقة المرجعية)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="592"/>
        <source>Reviewer: {name}</source>
        <translation>المراجِع: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="594"/>
        <source>Annotator: {name}</source>
        <translation>الموسِّم: {name}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="679"/>
        <source>Imported %n new documents</source>
        <translation>
            <numerusform>لم يُستورد أي مستند جديد</numerusform>
            <numerusform>استُورد مستند جديد واحد</numerusform>
            <numerusform>استُورد مستندان جديدان</numerusform>
            <numerusform>استُورد %n مستندات جديدة</numerusform>
            <numerusform>استُورد %n مستندًا جديدًا</numerusform>
            <numerusform>استُورد %n مستند جديد</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="680"/>
        <source>(%n already there)</source>
        <translation>
            <numerusform>(لا شيء منها موجود من قبل)</numerusform>
            <numerusform>(واحد موجود من قبل)</numerusform>
            <numerusform>(اثنان موجودان من قبل)</numerusform>
            <numerusform>(%n موجودة من قبل)</numerusform>
            <numerusform>(%n موجودًا من قبل)</numerusform>
            <numerusform>(%n موجود من قبل)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="715"/>
        <source>Select text and press a label key:</source>
        <translation>حدّد نصًا واضغط مفتاح وسم:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="718"/>
        <source>{alt} with a label key: keep proclitics (و ف ب ل ك) out.</source>
        <translation>{alt} مع مفتاح الوسم: إبقاء السوابق (و ف ب ل ك) خارج المقطع.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="721"/>
        <source>{shift} with a label key: exactly the selected characters.</source>
        <translation>{shift} مع مفتاح الوسم: الحروف المحددة بالضبط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="724"/>
        <source>Topic keys without a selection toggle the document topic.</source>
        <translation>مفاتيح المواضيع دون تحديد تبدّل موضوع المستند.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="725"/>
        <source>Double-click: label the word with the last label used.</source>
        <translation>النقر المزدوج: وسم الكلمة بآخر وسم مستخدم.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="727"/>
        <source>After a QUOTE, click its speaker (PER/ORG) or mark one; {esc} cancels.</source>
        <translation>بعد الاقتباس، انقر متحدثه (PER/ORG) أو ضع وسمه؛ {esc} يلغي.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="729"/>
        <source>{undo}: undo. {redo} or {redo2}: redo.</source>
        <translation>{undo}: تراجع. {redo} أو {redo2}: إعادة.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="732"/>
        <source>{delete}: remove the selected span.</source>
        <translation>{delete}: حذف المقطع المحدد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="733"/>
        <source>{next} / {previous} (or {arrows}): next / previous document.</source>
        <translation>{next} / {previous} (أو {arrows}): المستند التالي / السابق.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="736"/>
        <source>{done}: mark done and go on.</source>
        <translation>{done}: وضع علامة «منجز» والانتقال إلى التالي.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="737"/>
        <source>{larger} / {smaller}: text size.</source>
        <translation>{larger} / {smaller}: حجم النص.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="744"/>
        <source>Review mode: {key}.</source>
        <translation>وضع المراجعة: {key}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="746"/>
        <source>{next} / {previous} (or {n} / {shift_n}): next / previous disagreement.</source>
        <translation>{next} / {previous} (أو {n} / {shift_n}): الخلاف التالي / السابق.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="753"/>
        <source>{accept}: accept version 1…9. {reject}: reject it.</source>
        <translation>{accept}: قبول النسخة 1…9. {reject}: رفضها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="756"/>
        <source>Label keys, Delete and the topics edit the gold layer.</source>
        <translation>مفاتيح الوسوم والحذف والمواضيع تعدّل الطبقة المرجعية.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="797"/>
        <source>The database is busy: other programs kept writing to it. Your last action was not saved; try it again in a moment.

{reason}</source>
        <translation>قاعدة البيانات مشغولة: ظلّت برامج أخرى تكتب فيها. لم يُحفظ إجراؤك الأخير؛ أعد المحاولة بعد لحظة.

{reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="464"/>
        <source>No more documents in this list</source>
        <translation>لا مزيد من المستندات في هذه القائمة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="584"/>
        <source>Done {done} / {total}</source>
        <translation>المنجز {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="632"/>
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="659"/>
        <source>Import articles</source>
        <translation>استيراد مقالات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="661"/>
        <source>Articles (*.txt *.jsonl *.json);;All files (*)</source>
        <translation>مقالات (*.txt *.jsonl *.json);;كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="673"/>
        <source>An import is already running</source>
        <translation>هناك استيراد قيد التشغيل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="758"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="88"/>
        <source>File</source>
        <translation>ملف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="89"/>
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="90"/>
        <source>Document</source>
        <translation>المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="91"/>
        <source>View</source>
        <translation>عرض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="92"/>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="94"/>
        <source>Accept version</source>
        <translation>اقبل النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="95"/>
        <source>Help</source>
        <translation>مساعدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="96"/>
        <source>Toolbar</source>
        <translation>شريط الأدوات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/menus.py" line="98"/>
        <source>Review toolbar</source>
        <translation>شريط المراجعة</translation>
    </message>
</context>
<context>
    <name>NotificationBar</name>
    <message>
        <location filename="../../annotator/gui/notice.py" line="37"/>
        <source>Dismiss</source>
        <translation>إخفاء</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="102"/>
        <source>Review mode is for reviewers</source>
        <translation>وضع المراجعة للمراجِعين فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="127"/>
        <source>the gold layer</source>
        <translation>الطبقة المرجعية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="213"/>
        <source>{label}: every annotator has it</source>
        <translation>{label}: وضعه كل الموسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="281"/>
        <source>No disagreements in this document</source>
        <translation>لا خلافات في هذا المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="317"/>
        <source>Topic {topic}: annotators disagree (see the review panel)</source>
        <translation>الموضوع {topic}: اختلف الموسِّمون (انظر لوحة المراجعة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="351"/>
        <source>Gold layer started from the majority vote</source>
        <translation>بدأت الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="362"/>
        <source>This disagreement has no such version</source>
        <translation>ليس لهذا الخلاف هذه النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="371"/>
        <location filename="../../annotator/gui/review_mode.py" line="386"/>
        <source>Choose a disagreement first (F8)</source>
        <translation>اختر خلافًا أولًا (F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="400"/>
        <source>Comment saved</source>
        <translation>حُفظ التعليق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="428"/>
        <source>Another reviewer changed the gold layer; it was reloaded.</source>
        <translation>غيّر مراجِع آخر الطبقة المرجعية؛ أُعيد تحميلها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="441"/>
        <source>{names} changed this document; the review shows their latest work.</source>
        <translation>غيّر {names} هذا المستند؛ تعرض المراجعة آخر عملهم.</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="58"/>
        <source>missing span</source>
        <translation>مقطع ناقص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="59"/>
        <source>different label</source>
        <translation>وسم مختلف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="60"/>
        <source>different boundaries</source>
        <translation>حدود مختلفة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="61"/>
        <source>different speaker</source>
        <translation>متحدث مختلف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="62"/>
        <source>different topics</source>
        <translation>مواضيع مختلفة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="79"/>
        <source>topic {topic}</source>
        <translation>الموضوع {topic}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="82"/>
        <source>not {topic}</source>
        <translation>ليس {topic}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="87"/>
        <source>no speaker</source>
        <translation>بلا متحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="88"/>
        <source>no span</source>
        <translation>بلا مقطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="92"/>
        <source>speaker {spans}</source>
        <translation>المتحدث {spans}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="329"/>
        <source>Start gold from majority vote</source>
        <translation>ابدأ الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="331"/>
        <source>Replace the gold layer by what more than half of the annotators have</source>
        <translation>استبدل الطبقة المرجعية بما وضعه أكثر من نصف الموسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="333"/>
        <source>Previous</source>
        <translation>السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="334"/>
        <source>Previous disagreement (Shift+F8)</source>
        <translation>الخلاف السابق (Shift+F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="335"/>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="336"/>
        <source>Next disagreement (F8)</source>
        <translation>الخلاف التالي (F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="337"/>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="339"/>
        <source>Put the selected version into the gold layer (Ctrl+1…9 for version 1…9)</source>
        <translation>ضع النسخة المحددة في الطبقة المرجعية (Ctrl+1…9 للنسخة 1…9)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="341"/>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="343"/>
        <source>Leave every version of this disagreement out of gold (Ctrl+Delete)</source>
        <translation>أبقِ كل نسخ هذا الخلاف خارج المرجع (Ctrl+Delete)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="345"/>
        <source>Reviewer comment</source>
        <translation>تعليق المراجِع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="346"/>
        <source>Save comment</source>
        <translation>احفظ التعليق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="347"/>
        <source>A note on this document for the team…</source>
        <translation>ملاحظة عن هذا المستند للفريق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="391"/>
        <source>Open a document to review it.</source>
        <translation>افتح مستندًا لمراجعته.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="397"/>
        <source>Layers of {names}. {disagreements}, {decided}.</source>
        <translation>طبقات {names}. {disagreements}، {decided}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="399"/>
        <source>%n disagreements</source>
        <translation>
            <numerusform>لا خلافات</numerusform>
            <numerusform>خلاف واحد</numerusform>
            <numerusform>خلافان</numerusform>
            <numerusform>%n خلافات</numerusform>
            <numerusform>%n خلافًا</numerusform>
            <numerusform>%n خلاف</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="400"/>
        <source>%n decided in gold</source>
        <translation>
            <numerusform>لم يُحسم شيء في الطبقة المرجعية</numerusform>
            <numerusform>حُسم واحد في الطبقة المرجعية</numerusform>
            <numerusform>حُسم اثنان في الطبقة المرجعية</numerusform>
            <numerusform>حُسمت %n في الطبقة المرجعية</numerusform>
            <numerusform>حُسم %n في الطبقة المرجعية</numerusform>
            <numerusform>حُسم %n في الطبقة المرجعية</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="389"/>
        <source>No annotator has worked on this document yet.</source>
        <translation>لم يعمل أي موسِّم على هذا المستند بعد.</translation>
    </message>
</context>
<context>
    <name>SpanTableModel</name>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="116"/>
        <source>Text</source>
        <translation>النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="116"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="116"/>
        <source>Kind</source>
        <translation>النوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="116"/>
        <source>Speaker</source>
        <translation>المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="145"/>
        <source>(none)</source>
        <translation>(لا أحد)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="175"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="176"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/span_table.py" line="177"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../annotator/gui/task.py" line="98"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>TopicsPanel</name>
    <message>
        <location filename="../../annotator/gui/topics_panel.py" line="37"/>
        <source>Topics of this article (keys 1-0 without a selection)</source>
        <translation>مواضيع هذا المقال (المفاتيح 1-0 دون تحديد)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="39"/>
        <source>This database has no documents yet.
Open the bundled demo article to try the tool, or import your own articles (.txt or .jsonl files; you can also drop them on this window).</source>
        <translation>لا تحتوي قاعدة البيانات هذه على مستندات بعد.
افتح المقال التجريبي المرفق لتجربة الأداة، أو استورد مقالاتك (ملفات بامتداد txt أو jsonl؛ يمكنك أيضًا إفلاتها على هذه النافذة).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="44"/>
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="45"/>
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../annotator/gui/actions.py" line="96"/>
        <source>Import files…</source>
        <translation>استيراد ملفات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="97"/>
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="98"/>
        <source>Export annotations…</source>
        <translation>تصدير التوسيمات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="101"/>
        <source>Write training data: annotator JSON lines, CoNLL, Prodigy/spaCy, doccano, Label Studio or Hugging Face</source>
        <translation>اكتب بيانات التدريب: أسطر JSON الخاصة بـ annotator أو CoNLL أو Prodigy/spaCy أو doccano أو Label Studio أو Hugging Face</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="105"/>
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="106"/>
        <source>Undo</source>
        <translation>تراجع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="107"/>
        <source>Redo</source>
        <translation>إعادة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="108"/>
        <source>Delete selected spans</source>
        <translation>حذف المقاطع المحددة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="109"/>
        <source>Cancel choosing a speaker (Esc)</source>
        <translation>إلغاء اختيار المتحدث (Esc)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="110"/>
        <source>Keep proclitics out</source>
        <translation>استبعاد السوابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="113"/>
        <source>Leave و ف ب ل ك out of entity spans (the article ال stays). Alt with a label key does this once; Shift with a label key labels exactly the selected characters.</source>
        <translation>استبعد و ف ب ل ك من مقاطع الكيانات (تبقى أداة التعريف ال). Alt مع مفتاح الوسم يفعل ذلك مرة واحدة؛ Shift مع مفتاح الوسم يوسم الأحرف المحددة بالضبط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="118"/>
        <source>Larger text</source>
        <translation>تكبير النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="119"/>
        <source>Smaller text</source>
        <translation>تصغير النص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="120"/>
        <source>Default text size</source>
        <translation>الحجم الافتراضي للنص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="121"/>
        <source>Previous document</source>
        <translation>المستند السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="122"/>
        <source>Next document</source>
        <translation>المستند التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="123"/>
        <source>Mark done and go to next</source>
        <translation>تعليم كمنجز والانتقال للتالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="124"/>
        <source>Search documents</source>
        <translation>البحث في المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="125"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="126"/>
        <source>Review mode</source>
        <translation>وضع المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="129"/>
        <source>Reviewers: see every annotator&apos;s layer of the document, with each disagreement marked, and build the gold layer</source>
        <translation>للمراجِعين: اعرض طبقات كل الموسِّمين للمستند مع تمييز كل خلاف، وابنِ الطبقة المرجعية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="133"/>
        <source>Start gold from majority vote</source>
        <translation>ابدأ الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="134"/>
        <source>Next disagreement</source>
        <translation>الخلاف التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="135"/>
        <source>Previous disagreement</source>
        <translation>الخلاف السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="136"/>
        <source>Reject disagreement</source>
        <translation>ارفض الخلاف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="138"/>
        <source>Accept version {n}</source>
        <translation>اقبل النسخة {n}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/actions.py" line="139"/>
        <source>Agreement…</source>
        <translation>الاتفاق…</translation>
    </message>
</context>
</TS>
