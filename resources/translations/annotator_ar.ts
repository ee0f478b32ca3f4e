<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar">
<context>
    <name>AgreementPanel</name>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="170"/>
        <source>Compute again</source>
        <translation>احسب من جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="172"/>
        <source>All labels</source>
        <translation>كل الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="173"/>
        <source>Entities</source>
        <translation>الكيانات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="174"/>
        <source>Quotes</source>
        <translation>الاقتباسات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="175"/>
        <source>Topic spans</source>
        <translation>مقاطع المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="179"/>
        <source>Which spans to compare: one kind at a time</source>
        <translation>أي المقاطع تُقارن: نوع واحد في كل مرة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="180"/>
        <source>Pairs by label</source>
        <translation>الأزواج حسب الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="181"/>
        <source>Alpha</source>
        <translation>ألفا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="182"/>
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="183"/>
        <source>Pair matrix</source>
        <translation>مصفوفة الأزواج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="190"/>
        <source>Not computed yet.</source>
        <translation>لم يُحسب بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="192"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="218"/>
        <source>Computing agreement…</source>
        <translation>يجري حساب الاتفاق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="256"/>
        <source>Documents compared: {documents}. Annotators: {names}.</source>
        <translation>المستندات المقارنة: {documents}. الموسِّمون: {names}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="260"/>
        <source>(all labels)</source>
        <translation>(كل الوسوم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="264"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="295"/>
        <source>Annotator A</source>
        <translation>الموسِّم أ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="265"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="296"/>
        <source>Annotator B</source>
        <translation>الموسِّم ب</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="266"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="290"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="267"/>
        <source>Exact F1</source>
        <translation>F1 بالتطابق التام</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="268"/>
        <source>Overlap F1</source>
        <translation>F1 بالتداخل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="269"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="299"/>
        <source>Kappa</source>
        <translation>كابا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="285"/>
        <location filename="../../annotator/gui/agreement_panel.py" line="291"/>
        <source>(all topics)</source>
        <translation>(كل المواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="287"/>
        <source>topic {name}</source>
        <translation>الموضوع {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="290"/>
        <source>Krippendorff&apos;s alpha</source>
        <translation>ألفا كريبندورف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="297"/>
        <source>Topic</source>
        <translation>الموضوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="298"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="184"/>
        <source>Metric:</source>
        <translation>المقياس:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="317"/>
        <source>Overlap F1 (spans, all labels)</source>
        <translation>F1 بالتداخل (المقاطع، كل الوسوم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="318"/>
        <source>Exact F1 (spans, all labels)</source>
        <translation>F1 بالتطابق (المقاطع، كل الوسوم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="319"/>
        <source>Cohen&apos;s kappa (spans, all labels)</source>
        <translation>كابا كوهين (المقاطع، كل الوسوم)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="320"/>
        <source>F1 (document topics)</source>
        <translation>F1 (مواضيع المستند)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="321"/>
        <source>Cohen&apos;s kappa (document topics)</source>
        <translation>كابا كوهين (مواضيع المستند)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/agreement_panel.py" line="343"/>
        <source>{metric}, for each annotator pair</source>
        <translation>{metric}، لكل زوج من الموسِّمين</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="821"/>
        <source>{label} ({kind}) by {annotator}</source>
        <translation>{label} ({kind}) بواسطة {annotator}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="827"/>
        <source>Speaker: {name}</source>
        <translation>المتحدث: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="838"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="839"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/article_view.py" line="840"/>
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
        <location filename="../../annotator/gui/dialogs.py" line="37"/>
        <source>annotator: error</source>
        <translation>annotator: خطأ</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="59"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="70"/>
        <location filename="../../annotator/gui/dialogs.py" line="92"/>
        <location filename="../../annotator/gui/dialogs.py" line="109"/>
        <source>annotator</source>
        <translation>annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="93"/>
        <source>{path} exists. Replace it?</source>
        <translation>الملف {path} موجود. أتريد استبداله؟</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="132"/>
        <source>annotator: changed meanwhile</source>
        <translation>annotator: تغيّر في الأثناء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="133"/>
        <source>Someone else changed this document meanwhile. Your last action was not saved, so nothing of theirs was overwritten. The document is reloaded now: look at it again and redo your action if it is still needed.</source>
        <translation>غيّر شخص آخر هذا المستند في الأثناء. لم يُحفظ إجراؤك الأخير، فلم يُكتب شيء فوق عمله. يُعاد تحميل المستند الآن: راجعه وأعد إجراءك إن كان لا يزال لازمًا.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="150"/>
        <source>Welcome to annotator</source>
        <translation>مرحبًا بك في annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="151"/>
        <source>Your name (it is recorded with every annotation you make):</source>
        <translation>اسمك (يُسجَّل مع كل توسيم تضيفه):</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="172"/>
        <source>annotator: unexpected error</source>
        <translation>annotator: خطأ غير متوقع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="176"/>
        <source>Your saved annotations are safe: every action is stored as soon as it is shown.</source>
        <translation>توسيماتك المحفوظة في أمان: كل إجراء يُخزَّن فور ظهوره.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="184"/>
        <source>Continue</source>
        <translation>متابعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="187"/>
        <source>Quit</source>
        <translation>إنهاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/dialogs.py" line="110"/>
        <source>The guidelines you are editing are not saved. Save them as a new version?</source>
        <translation>الإرشادات التي تحررها لم تُحفظ. أتحفظها نسخةً جديدة؟</translation>
    </message>
</context>
<context>
    <name>DisagreementModel</name>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="295"/>
        <source>Disagreement / version</source>
        <translation>الخلاف / النسخة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="294"/>
        <source>In gold</source>
        <translation>في المرجع</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="111"/>
        <source>new</source>
        <translation>جديد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="112"/>
        <source>in progress</source>
        <translation>قيد العمل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="113"/>
        <source>done</source>
        <translation>منجز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="606"/>
        <source>Searching…</source>
        <translation>جارٍ البحث…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="633"/>
        <source>To do, most uncertain entities first</source>
        <translation>غير المنجزة، الأكثر غموضًا في الكيانات أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="634"/>
        <source>To do, most uncertain topics first</source>
        <translation>غير المنجزة، الأكثر غموضًا في المواضيع أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="691"/>
        <source>All statuses</source>
        <translation>كل الحالات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="604"/>
        <source>Search titles and texts (any diacritics; &quot;quotes&quot; for a phrase)…</source>
        <translation>ابحث في العناوين والنصوص (بتشكيل أو بدونه؛ &quot;علامتا تنصيص&quot; لعبارة)…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="611"/>
        <source>Titles and texts</source>
        <translation>العناوين والنصوص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="612"/>
        <source>Texts only</source>
        <translation>النصوص فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="613"/>
        <source>Titles and ids only</source>
        <translation>العناوين والمعرّفات فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="617"/>
        <source>Ignore و ف ب ل ك ال</source>
        <translation>تجاهل و ف ب ل ك ال</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="619"/>
        <source>Text search also finds the word with these glued before it</source>
        <translation>يجد البحث في النصوص الكلمة أيضًا حين تلتصق بها هذه السوابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="621"/>
        <source>Source contains…</source>
        <translation>المصدر يحتوي…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="622"/>
        <source>In no queue</source>
        <translation>في غير قائمة أحد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="623"/>
        <source>Imported any day</source>
        <translation>مستورد في أي يوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="625"/>
        <source>Only documents imported on or after this day (UTC)</source>
        <translation>المستندات المستوردة في هذا اليوم أو بعده فقط (بالتوقيت العالمي)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="632"/>
        <source>Document order</source>
        <translation>ترتيب المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="638"/>
        <source>Order the list: most uncertain first</source>
        <translation>رتّب القائمة: الأكثر غموضًا أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="662"/>
        <source>Anyone&apos;s layers</source>
        <translation>طبقات أي شخص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="664"/>
        <source>Annotated by {name}</source>
        <translation>وسمها {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="675"/>
        <source>Any labels</source>
        <translation>أي وسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="679"/>
        <source>With {label}</source>
        <translation>فيه {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="682"/>
        <source>Without {label}</source>
        <translation>ليس فيه {label}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/document_list.py" line="792"/>
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
    <message>
        <location filename="../../annotator/gui/document_list.py" line="797"/>
        <source>Search failed</source>
        <translation>تعذّر البحث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="800"/>
        <source>The list could not be read: %1
&apos;annotator db check&apos; says what is damaged; &apos;annotator db check --repair-index&apos; rebuilds the search indexes.</source>
        <translation>تعذّرت قراءة القائمة: %1
الأمر ⁨annotator db check⁩ يبيّن ما تلف، والأمر ⁨annotator db check --repair-index⁩ يعيد بناء فهارس البحث.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="860"/>
        <source>Your documents not done yet, those model {model} is least sure about first</source>
        <translation>مستنداتك غير المنجزة، وأولها ما يكون النموذج {model} أقل ثقة فيه</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="864"/>
        <source>No topic model yet: train one (Edit &gt; Train the suggestion model) to order the list by its uncertainty</source>
        <translation>لا نموذج للمواضيع بعد: درّب نموذجًا (تحرير ← درّب نموذج الاقتراحات) لترتيب القائمة بحسب تردّده</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="868"/>
        <source>No entity model yet: train one (Edit &gt; Train the suggestion model) to order the list by its uncertainty</source>
        <translation>لا نموذج للكيانات بعد: درّب نموذجًا (تحرير ← درّب نموذج الاقتراحات) لترتيب القائمة بحسب تردّده</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="883"/>
        <source>No model yet: train one (Edit &gt; Train the suggestion model) to order the list by the model&apos;s uncertainty</source>
        <translation>لا نموذج بعد: درّب نموذجًا (تحرير ← درّب نموذج الاقتراحات) لترتيب القائمة بحسب تردّد النموذج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="888"/>
        <source>Your documents not done yet, those model {model} is least sure about first ({key})</source>
        <translation>مستنداتك غير المنجزة، وأولها ما يكون النموذج {model} أقل ثقة فيه ({key})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="955"/>
        <source>Ranked {scored} / {total}</source>
        <translation>رُتّب {scored} / {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="961"/>
        <source>Not ranked: {reason}</source>
        <translation>لم يُرتَّب: {reason}</translation>
    </message>
</context>
<context>
    <name>DocumentListModel</name>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="401"/>
        <source>Title</source>
        <translation>العنوان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="401"/>
        <source>Status</source>
        <translation>الحالة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="401"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="415"/>
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="427"/>
        <source>Model uncertainty: {score}</source>
        <translation>تردّد النموذج: {score}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="429"/>
        <source>Model uncertainty: not computed yet</source>
        <translation>تردّد النموذج: لم يُحسب بعد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/document_list.py" line="432"/>
        <source>{title}
(in your queue)</source>
        <translation>{title}
(في قائمتك)</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="84"/>
        <source>Export annotations</source>
        <translation>تصدير التوسيمات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="87"/>
        <source>Browse…</source>
        <translation>استعراض…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="94"/>
        <source>annotator JSON lines (spans, quotes, speakers, topics)</source>
        <translation>أسطر JSON الخاصة بـ annotator (المقاطع والاقتباسات والمتحدثون والمواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="95"/>
        <source>CoNLL / BIO tags</source>
        <translation>وسوم CoNLL / BIO</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="96"/>
        <source>Label Studio tasks</source>
        <translation>مهام Label Studio</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="97"/>
        <source>Prodigy / spaCy (with tokens)</source>
        <translation>Prodigy / spaCy (مع الرموز)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="98"/>
        <source>doccano</source>
        <translation>doccano</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="99"/>
        <source>Hugging Face token classification</source>
        <translation>تصنيف الرموز لـ Hugging Face</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="106"/>
        <source>Split the clitics و ف ب ل ك into tokens of their own</source>
        <translation>افصل السوابق و ف ب ل ك رموزًا مستقلة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="118"/>
        <source>Every annotator&apos;s layer</source>
        <translation>طبقة كل موسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="119"/>
        <source>My layer only</source>
        <translation>طبقتي فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="121"/>
        <source>The gold (adjudicated) layer</source>
        <translation>الطبقة المرجعية (المحسومة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="122"/>
        <source>Only layers marked done</source>
        <translation>الطبقات المعلَّمة كمنجزة فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="123"/>
        <source>Also documents without annotations</source>
        <translation>والمستندات غير الموسومة أيضًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="124"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="126"/>
        <source>File:</source>
        <translation>الملف:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="127"/>
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="128"/>
        <source>Tag scheme:</source>
        <translation>مخطط الوسوم:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="131"/>
        <source>Layers:</source>
        <translation>الطبقات:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="157"/>
        <source>Export to</source>
        <translation>التصدير إلى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="157"/>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="110"/>
        <source>Relation extraction (entities and relations)</source>
        <translation>استخراج العلاقات (الكيانات والعلاقات)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="111"/>
        <source>Sequence labelling (spans)</source>
        <translation>توسيم المتتاليات (المقاطع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="112"/>
        <source>Text classification (topics)</source>
        <translation>تصنيف النصوص (المواضيع)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="130"/>
        <source>doccano project:</source>
        <translation>مشروع doccano:</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="272"/>
        <source>An export is already running.</source>
        <translation>يجري تصدير بالفعل.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="288"/>
        <source>Choose a file to export to.</source>
        <translation>اختر ملفًا للتصدير إليه.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="295"/>
        <source>{name} has no annotations yet.</source>
        <translation>لم يضع {name} أي توسيم بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="312"/>
        <source>Wrote {records} ({documents}, {spans}) to {path}.</source>
        <translation>كُتب {records} ({documents}، {spans}) في {path}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="313"/>
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
        <location filename="../../annotator/gui/exporting.py" line="314"/>
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
        <location filename="../../annotator/gui/exporting.py" line="315"/>
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
        <location filename="../../annotator/gui/exporting.py" line="324"/>
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
        <location filename="../../annotator/gui/exporting.py" line="320"/>
        <source>Also wrote {path}.</source>
        <translation>وكُتب أيضًا {path}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="331"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
</context>
<context>
    <name>ExportRunner</name>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="227"/>
        <source>Exporting…</source>
        <translation>جارٍ التصدير…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/exporting.py" line="227"/>
        <source>Export</source>
        <translation>تصدير</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/exporting.py" line="234"/>
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
    <name>GuidelinesPanel</name>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="103"/>
        <source>Search the guidelines…</source>
        <translation>ابحث في الإرشادات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="104"/>
        <source>Edit</source>
        <translation>تحرير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="105"/>
        <source>Save as new version</source>
        <translation>احفظ نسخة جديدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="106"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="108"/>
        <source>Change the guidelines (a new version; the old ones are kept)</source>
        <translation>غيّر الإرشادات (نسخة جديدة، وتبقى النسخ السابقة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="110"/>
        <source>Only reviewers change the guidelines</source>
        <translation>المراجِعون وحدهم يغيّرون الإرشادات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="137"/>
        <source>This database has no guidelines yet.</source>
        <translation>لا إرشادات في قاعدة البيانات هذه بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/guidelines_panel.py" line="140"/>
        <source>Version {version}, by {author}, {when}</source>
        <translation>النسخة {version}، كتبها {author}، {when}</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/guidelines_panel.py" line="204"/>
        <source>%n found</source>
        <translation>
            <numerusform>لا نتائج</numerusform>
            <numerusform>نتيجة واحدة</numerusform>
            <numerusform>نتيجتان</numerusform>
            <numerusform>%n نتائج</numerusform>
            <numerusform>%n نتيجة</numerusform>
            <numerusform>%n نتيجة</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../annotator/gui/importing.py" line="66"/>
        <source>Import articles and annotations</source>
        <translation>استيراد مقالات وتوسيمات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="69"/>
        <source>, </source>
        <translation>، </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="72"/>
        <source>and %n more</source>
        <translation>
            <numerusform>ولا ملفات أخرى</numerusform>
            <numerusform>وملف آخر</numerusform>
            <numerusform>وملفان آخران</numerusform>
            <numerusform>و%n ملفات أخرى</numerusform>
            <numerusform>و%n ملفًا آخر</numerusform>
            <numerusform>و%n ملف آخر</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="77"/>
        <source>Detect (by the file&apos;s name and content)</source>
        <translation>تلقائيًا (من اسم الملف ومحتواه)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="78"/>
        <source>Plain-text articles</source>
        <translation>مقالات نصية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="79"/>
        <source>annotator JSON lines</source>
        <translation>أسطر JSON الخاصة بـ annotator</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="80"/>
        <source>Prodigy / spaCy JSON lines</source>
        <translation>أسطر JSON من Prodigy / spaCy</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="81"/>
        <source>doccano JSON lines</source>
        <translation>أسطر JSON من doccano</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="82"/>
        <source>CoNLL / BIO tags</source>
        <translation>وسوم CoNLL / BIO</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="83"/>
        <source>Label Studio tasks (JSON)</source>
        <translation>مهام Label Studio ‏(JSON)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="92"/>
        <source>Annotations in records that name no annotator (CoNLL files never do) become this person&apos;s layer.</source>
        <translation>التوسيمات في السجلات التي لا تسمّي موسِّمًا (وملفات CoNLL لا تسمّي أحدًا) تصبح طبقةً لهذا الشخص.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="97"/>
        <source>In progress (or as the file says)</source>
        <translation>قيد العمل (أو كما يقول الملف)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="98"/>
        <source>Done: a finished corpus, ready to train on</source>
        <translation>منجزة: مدوّنة مكتملة، جاهزة للتدريب عليها</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="99"/>
        <source>Add labels the files use but the schema lacks</source>
        <translation>إضافة الوسوم التي تستعملها الملفات ولا يحويها المخطط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="100"/>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="102"/>
        <source>Files:</source>
        <translation>الملفات:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="103"/>
        <source>Format:</source>
        <translation>الصيغة:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="104"/>
        <source>Annotations without an annotator belong to:</source>
        <translation>التوسيمات بلا موسِّم تعود إلى:</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="105"/>
        <source>New layers:</source>
        <translation>الطبقات الجديدة:</translation>
    </message>
</context>
<context>
    <name>ImportRunner</name>
    <message>
        <location filename="../../annotator/gui/importing.py" line="188"/>
        <source>Importing…</source>
        <translation>جارٍ الاستيراد…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="188"/>
        <location filename="../../annotator/gui/importing.py" line="248"/>
        <source>Import</source>
        <translation>استيراد</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="202"/>
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
        <location filename="../../annotator/gui/importing.py" line="205"/>
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
    <message>
        <location filename="../../annotator/gui/importing.py" line="244"/>
        <source>Imported. Not everything the files held was kept as it was: the details list what, and why.</source>
        <translation>تمّ الاستيراد. لم يُحفظ كلّ ما في الملفات كما هو: التفاصيل تذكر ما لم يُحفظ ولماذا.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="215"/>
        <source>{file}: %n record(s) rejected or ignored in the peer tool, kept as documents with that decision (never exported as accepted examples)</source>
        <translation>
            <numerusform>{file}: لا سجلات مرفوضة أو متجاهلة</numerusform>
            <numerusform>{file}: سجل واحد رُفض أو تُجوهل في الأداة الأخرى، حُفظ وثيقةً بذلك القرار (لا يُصدَّر أبدًا مثالًا مقبولًا)</numerusform>
            <numerusform>{file}: سجلان رُفضا أو تُجوهلا في الأداة الأخرى، حُفظا وثيقتين بذلك القرار (لا يُصدَّران أبدًا مثالين مقبولين)</numerusform>
            <numerusform>{file}: %n سجلات رُفضت أو تُجوهلت في الأداة الأخرى، حُفظت وثائقَ بذلك القرار (لا تُصدَّر أبدًا أمثلةً مقبولة)</numerusform>
            <numerusform>{file}: %n سجلًا رُفض أو تُجوهل في الأداة الأخرى، حُفظت وثائقَ بذلك القرار (لا تُصدَّر أبدًا أمثلةً مقبولة)</numerusform>
            <numerusform>{file}: %n سجل رُفض أو تُجوهل في الأداة الأخرى، حُفظت وثائقَ بذلك القرار (لا تُصدَّر أبدًا أمثلةً مقبولة)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/importing.py" line="223"/>
        <source>(the %n annotation(s) they turned down were not imported)</source>
        <translation>
            <numerusform>(لم يكن فيها توسيم مرفوض)</numerusform>
            <numerusform>(لم يُستورد التوسيم الواحد الذي رفضته)</numerusform>
            <numerusform>(لم يُستورد التوسيمان اللذان رفضتهما)</numerusform>
            <numerusform>(لم تُستورد %n توسيمات رفضتها)</numerusform>
            <numerusform>(لم يُستورد %n توسيمًا رفضتها)</numerusform>
            <numerusform>(لم يُستورد %n توسيم رفضتها)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../annotator/gui/importing.py" line="229"/>
        <source>{file}: fields not kept: {fields}</source>
        <translation>{file}: حقول لم تُحفظ: {fields}</translation>
    </message>
</context>
<context>
    <name>KeysDialog</name>
    <message>
        <location filename="../../annotator/gui/keys_dialog.py" line="41"/>
        <source>Keyboard shortcuts</source>
        <translation>اختصارات لوحة المفاتيح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/keys_dialog.py" line="50"/>
        <source>Key</source>
        <translation>المفتاح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/keys_dialog.py" line="50"/>
        <source>Label</source>
        <translation>الوسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/keys_dialog.py" line="50"/>
        <source>Description</source>
        <translation>الوصف</translation>
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
        <location filename="../../annotator/gui/labelling.py" line="63"/>
        <source>Select some text first</source>
        <translation>حدّد نصًا أولًا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="103"/>
        <source>Nothing to label there</source>
        <translation>لا شيء يُوسَم هنا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="128"/>
        <source>That span is already labelled {label}</source>
        <translation>هذا المقطع موسوم بالفعل {label}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="186"/>
        <source>Who said it? Click the speaker (a PER or ORG span) or mark one; Esc cancels.</source>
        <translation>من القائل؟ انقر المتحدث (مقطع PER أو ORG) أو حدّده؛ Esc للإلغاء.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="206"/>
        <source>Speaker linked</source>
        <translation>رُبط المتحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="221"/>
        <source>That is not a PER or ORG span. Click a speaker, or Esc to cancel.</source>
        <translation>هذا ليس مقطع PER أو ORG. انقر متحدثًا أو اضغط Esc للإلغاء.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="70"/>
        <source>The selection holds no word, only punctuation or spaces: nothing labelled. Shift+{key} labels exactly the selected characters.</source>
        <translation>التحديد لا يحوي كلمة، بل علامات ترقيم أو مسافات فقط: لم يُوسَم شيء. ⁦Shift+{key}⁩ يَسِم الأحرف المحددة بالضبط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/labelling.py" line="112"/>
        <source>Not labelled: it crosses the {label} span «{text}». Select exactly and press Shift+{key} to keep a crossing span.</source>
        <translation>لم يُوسَم: يتقاطع مع مقطع ⁦{label}⁩ «{text}». حدّد بالضبط واضغط ⁦Shift+{key}⁩ للإبقاء على مقطع متقاطع.</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="55"/>
        <source>Colour: the kind of disagreement</source>
        <translation>اللون: نوع الخلاف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="60"/>
        <source>Line and hatch: how far the review is</source>
        <translation>الخط والتظليل: أين وصلت المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="64"/>
        <source>hatched, coloured text, wavy line: open (gold holds none of its versions)</source>
        <translation>مظلَّل، نصه ملوَّن، بخط متموج: مفتوح (لا تحمل الطبقة المرجعية أيًّا من نسخه)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="70"/>
        <source>hatched, coloured text, dash-dot line: pre-filled, not decided (○ in the list)</source>
        <translation>مظلَّل، نصه ملوَّن، بخط متقطع منقوط: مملوء مسبقًا، لم يُحسم (○ في القائمة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="76"/>
        <source>plain text, line above, dashed line: decided by a reviewer (✓ in the list)</source>
        <translation>نص عادي، خط فوقه وخط متقطع تحته: حسمه مراجِع (✓ في القائمة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="81"/>
        <source>dense hatch: the disagreement you are deciding</source>
        <translation>تظليل كثيف: الخلاف الذي تحسمه الآن</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="83"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="86"/>
        <source>pale wash: every annotator has this entity</source>
        <translation>لون باهت: كل الموسِّمين وسموا هذا الكيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="90"/>
        <source>dotted line in the label&apos;s colour: every annotator has this quote</source>
        <translation>خط منقّط بلون الوسم: كل الموسِّمين وسموا هذا الاقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="94"/>
        <source>full colour: an entity in gold</source>
        <translation>لون كامل: كيان في الطبقة المرجعية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="98"/>
        <source>tint and solid line: a quote in gold</source>
        <translation>لون خفيف وخط متصل: اقتباس في الطبقة المرجعية</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="439"/>
        <source>Documents</source>
        <translation>المستندات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="440"/>
        <source>Labels</source>
        <translation>الوسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="441"/>
        <source>Topics</source>
        <translation>المواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="442"/>
        <source>Spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="443"/>
        <location filename="../../annotator/gui/menus.py" line="93"/>
        <source>Review</source>
        <translation>المراجعة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="444"/>
        <source>Agreement</source>
        <translation>الاتفاق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="744"/>
        <source>Done {done} / {assigned} assigned</source>
        <translation>المنجز {done} / {assigned} مُسنَدة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="755"/>
        <source>Reviewer: {name} (editing the gold layer)</source>
        <translation>المراجِع: {name} (يحرّر الطبقة المرجعية)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="757"/>
        <source>Reviewer: {name}</source>
        <translation>المراجِع: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="759"/>
        <source>Annotator: {name}</source>
        <translation>الموسِّم: {name}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="860"/>
        <source>Articles and annotations ({patterns});;All files (*)</source>
        <translation>مقالات وتوسيمات ({patterns});;كل الملفات (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/main_window.py" line="895"/>
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
        <location filename="../../annotator/gui/main_window.py" line="896"/>
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
        <location filename="../../annotator/gui/main_window.py" line="926"/>
        <source>Select text and press a label key (listed below, with their rules on hover).</source>
        <translation>حدّد نصًّا واضغط مفتاح وسم (المفاتيح مدرجة أدناه، وقواعدها عند مرور المؤشر).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="928"/>
        <source>{alt} with a label key: keep proclitics (و ف ب ل ك) out.</source>
        <translation>{alt} مع مفتاح الوسم: إبقاء السوابق (و ف ب ل ك) خارج المقطع.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="931"/>
        <source>{shift} with a label key: exactly the selected characters.</source>
        <translation>{shift} مع مفتاح الوسم: الحروف المحددة بالضبط.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="934"/>
        <source>Topic keys without a selection toggle the document topic.</source>
        <translation>مفاتيح المواضيع دون تحديد تبدّل موضوع المستند.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="935"/>
        <source>Double-click: label the word with the last label used.</source>
        <translation>النقر المزدوج: وسم الكلمة بآخر وسم مستخدم.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="937"/>
        <source>After a QUOTE, click its speaker (PER/ORG) or mark one; {esc} cancels.</source>
        <translation>بعد الاقتباس، انقر متحدثه (PER/ORG) أو ضع وسمه؛ {esc} يلغي.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="939"/>
        <source>{undo}: undo. {redo} or {redo2}: redo.</source>
        <translation>{undo}: تراجع. {redo} أو {redo2}: إعادة.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="942"/>
        <source>{delete}: remove the selected span.</source>
        <translation>{delete}: حذف المقطع المحدد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="943"/>
        <source>{next} / {previous} (or {arrows}): next / previous document.</source>
        <translation>{next} / {previous} (أو {arrows}): المستند التالي / السابق.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="946"/>
        <source>{done}: mark done and go on.</source>
        <translation>{done}: وضع علامة «منجز» والانتقال إلى التالي.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="948"/>
        <source>{order}: the list in active-learning order (your documents not done yet, the model&apos;s most uncertain first); next / previous follow it.</source>
        <translation>{order}: القائمة بترتيب التعلّم النشط (مستنداتك غير المنجزة، الأكثر غموضًا للنموذج أولًا)؛ ويتبعه المستند التالي والسابق.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="951"/>
        <source>{larger} / {smaller}: text size.</source>
        <translation>{larger} / {smaller}: حجم النص.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="958"/>
        <source>Review mode: {key}.</source>
        <translation>وضع المراجعة: {key}.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="960"/>
        <source>{next} / {previous} (or {n} / {shift_n}): next / previous disagreement.</source>
        <translation>{next} / {previous} (أو {n} / {shift_n}): الخلاف التالي / السابق.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="967"/>
        <source>{accept}: accept version 1…9. {reject}: reject it.</source>
        <translation>{accept}: قبول النسخة 1…9. {reject}: رفضها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="970"/>
        <source>Label keys, Delete and the topics edit the gold layer.</source>
        <translation>مفاتيح الوسوم والحذف والمواضيع تعدّل الطبقة المرجعية.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="1074"/>
        <source>The database is busy: other programs kept writing to it. Your last action was not saved; try it again in a moment.

{reason}</source>
        <translation>قاعدة البيانات مشغولة: ظلّت برامج أخرى تكتب فيها. لم يُحفظ إجراؤك الأخير؛ أعد المحاولة بعد لحظة.

{reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="613"/>
        <source>No more documents in this list</source>
        <translation>لا مزيد من المستندات في هذه القائمة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="347"/>
        <source>Suggestions: {reason}</source>
        <translation>الاقتراحات: {reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="749"/>
        <source>Done {done} / {total}</source>
        <translation>المنجز {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="829"/>
        <source>(untitled #{id})</source>
        <translation>(بلا عنوان رقم {id})</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="858"/>
        <source>Import articles</source>
        <translation>استيراد مقالات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="882"/>
        <source>An import is already running</source>
        <translation>هناك استيراد قيد التشغيل</translation>
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
    <message>
        <location filename="../../annotator/gui/main_window.py" line="445"/>
        <source>Guidelines</source>
        <translation>الإرشادات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="446"/>
        <source>Statistics</source>
        <translation>الإحصاءات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="815"/>
        <source>Guidelines saved as version {version}</source>
        <translation>حُفظت الإرشادات نسخةً رقم {version}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="817"/>
        <source>The guidelines are unchanged</source>
        <translation>الإرشادات لم تتغير</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="982"/>
        <source>Training the suggestion model…</source>
        <translation>تدريب نموذج الاقتراحات…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="984"/>
        <source>The suggestion model is being trained</source>
        <translation>نموذج الاقتراحات قيد التدريب</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="999"/>
        <source>Suggestion model {version} trained</source>
        <translation>دُرِّب نموذج الاقتراحات {version}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="997"/>
        <source>Topic model {version} trained</source>
        <translation>دُرِّب نموذج المواضيع {version}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="342"/>
        <source>Not trained: {reason}</source>
        <translation>لم يُدرَّب: {reason}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/main_window.py" line="1023"/>
        <source>The window closes when the suggestion model&apos;s training is over (close again to quit now and give the training up)</source>
        <translation>ستُغلق النافذة عند انتهاء تدريب نموذج الاقتراحات (أغلقها مرة أخرى للخروج الآن والتخلي عن التدريب)</translation>
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
        <location filename="../../annotator/gui/review_mode.py" line="118"/>
        <source>Review mode is for reviewers</source>
        <translation>وضع المراجعة للمراجِعين فقط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="147"/>
        <source>the gold layer</source>
        <translation>الطبقة المرجعية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="244"/>
        <source>{label}: every annotator has it</source>
        <translation>{label}: وضعه كل الموسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="332"/>
        <source>No disagreements in this document</source>
        <translation>لا خلافات في هذا المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="374"/>
        <source>Topic {topic}: annotators disagree (see the review panel)</source>
        <translation>الموضوع {topic}: اختلف الموسِّمون (انظر لوحة المراجعة)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="408"/>
        <source>Gold layer started from the majority vote</source>
        <translation>بدأت الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="432"/>
        <location filename="../../annotator/gui/review_mode.py" line="480"/>
        <source>Choose a disagreement first (F8)</source>
        <translation>اختر خلافًا أولًا (F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="494"/>
        <source>Comment saved</source>
        <translation>حُفظ التعليق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="522"/>
        <source>Another reviewer changed the gold layer; it was reloaded.</source>
        <translation>غيّر مراجِع آخر الطبقة المرجعية؛ أُعيد تحميلها.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_mode.py" line="535"/>
        <source>{names} changed this document; the review shows their latest work.</source>
        <translation>غيّر {names} هذا المستند؛ تعرض المراجعة آخر عملهم.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_mode.py" line="421"/>
        <source>No version {number}: this disagreement has %n version(s)</source>
        <translation>
            <numerusform>لا توجد النسخة {number}: ليس لهذا الخلاف أي نسخة</numerusform>
            <numerusform>لا توجد النسخة {number}: لهذا الخلاف نسخة واحدة</numerusform>
            <numerusform>لا توجد النسخة {number}: لهذا الخلاف نسختان</numerusform>
            <numerusform>لا توجد النسخة {number}: لهذا الخلاف %n نسخ</numerusform>
            <numerusform>لا توجد النسخة {number}: لهذا الخلاف %n نسخة</numerusform>
            <numerusform>لا توجد النسخة {number}: لهذا الخلاف %n نسخة</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="32"/>
        <source>missing span</source>
        <translation>مقطع ناقص</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="33"/>
        <source>different label</source>
        <translation>وسم مختلف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="34"/>
        <source>different boundaries</source>
        <translation>حدود مختلفة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="35"/>
        <source>different speaker</source>
        <translation>متحدث مختلف</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_legend.py" line="36"/>
        <source>different topics</source>
        <translation>مواضيع مختلفة</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="136"/>
        <source>topic {topic}</source>
        <translation>الموضوع {topic}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="139"/>
        <source>not {topic}</source>
        <translation>ليس {topic}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="111"/>
        <location filename="../../annotator/gui/review_panel.py" line="144"/>
        <source>no speaker</source>
        <translation>بلا متحدث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="145"/>
        <source>no span</source>
        <translation>بلا مقطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="100"/>
        <location filename="../../annotator/gui/review_panel.py" line="149"/>
        <source>speaker {spans}</source>
        <translation>المتحدث {spans}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="470"/>
        <source>Start gold from majority vote</source>
        <translation>ابدأ الطبقة المرجعية من تصويت الأغلبية</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="472"/>
        <source>Replace the gold layer by what more than half of the annotators have</source>
        <translation>استبدل الطبقة المرجعية بما وضعه أكثر من نصف الموسِّمين</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="474"/>
        <source>Previous</source>
        <translation>السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="475"/>
        <source>Previous disagreement (Shift+F8)</source>
        <translation>الخلاف السابق (Shift+F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="476"/>
        <source>Next</source>
        <translation>التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="477"/>
        <source>Next disagreement (F8)</source>
        <translation>الخلاف التالي (F8)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="478"/>
        <source>Accept</source>
        <translation>قبول</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="480"/>
        <source>Put the selected version into the gold layer (Ctrl+1…9 for version 1…9)</source>
        <translation>ضع النسخة المحددة في الطبقة المرجعية (Ctrl+1…9 للنسخة 1…9)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="482"/>
        <source>Reject</source>
        <translation>رفض</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="484"/>
        <source>Leave every version of this disagreement out of gold (Ctrl+Delete)</source>
        <translation>أبقِ كل نسخ هذا الخلاف خارج المرجع (Ctrl+Delete)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="489"/>
        <source>Reviewer comment</source>
        <translation>تعليق المراجِع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="490"/>
        <source>Save comment</source>
        <translation>احفظ التعليق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="491"/>
        <source>A note on this document for the team…</source>
        <translation>ملاحظة عن هذا المستند للفريق…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="540"/>
        <source>Open a document to review it.</source>
        <translation>افتح مستندًا لمراجعته.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="552"/>
        <source>Layers of {names}. {disagreements}: {decided}, {prefilled} (○), {open}.</source>
        <translation>طبقات {names}. {disagreements}: {decided}، {prefilled} (○)، {open}.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="556"/>
        <source>%n decided</source>
        <translation>
            <numerusform>لم يُحسم شيء</numerusform>
            <numerusform>واحد محسوم</numerusform>
            <numerusform>اثنان محسومان</numerusform>
            <numerusform>%n محسومة</numerusform>
            <numerusform>%n محسومًا</numerusform>
            <numerusform>%n محسوم</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="557"/>
        <source>%n pre-filled</source>
        <translation>
            <numerusform>لا شيء معبأ مسبقًا</numerusform>
            <numerusform>واحد معبأ مسبقًا</numerusform>
            <numerusform>اثنان معبآن مسبقًا</numerusform>
            <numerusform>%n معبأة مسبقًا</numerusform>
            <numerusform>%n معبأً مسبقًا</numerusform>
            <numerusform>%n معبأ مسبقًا</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="558"/>
        <source>%n open</source>
        <translation>
            <numerusform>لا شيء مفتوح</numerusform>
            <numerusform>واحد مفتوح</numerusform>
            <numerusform>اثنان مفتوحان</numerusform>
            <numerusform>%n مفتوحة</numerusform>
            <numerusform>%n مفتوحًا</numerusform>
            <numerusform>%n مفتوح</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../annotator/gui/review_panel.py" line="555"/>
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
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="538"/>
        <source>No annotator has worked on this document yet.</source>
        <translation>لم يعمل أي موسِّم على هذا المستند بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="106"/>
        <source>speaker of {quote}</source>
        <translation>متحدث {quote}</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="486"/>
        <source>Legend</source>
        <translation>دليل الرموز</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="487"/>
        <source>What each colour, hatch and line means</source>
        <translation>معنى كل لون وتظليل وخط</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/review_panel.py" line="124"/>
        <source>(quote marks included)</source>
        <translation>(مع علامتي التنصيص)</translation>
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
    <name>StatsPanel</name>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="152"/>
        <source>Done layers over time</source>
        <translation>الطبقات المنجزة عبر الزمن</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="153"/>
        <source>Uses per label</source>
        <translation>الاستعمال لكل وسم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="154"/>
        <source>Labels per annotator</source>
        <translation>الوسوم لكل موسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="155"/>
        <source>Spans per annotated article</source>
        <translation>المقاطع في كل مقال موسوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="156"/>
        <source>Hours spent per annotator</source>
        <translation>ساعات العمل لكل موسِّم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="157"/>
        <source>Agreement per label (overlap F1)</source>
        <translation>الاتفاق لكل وسم (F1 بالتداخل)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="158"/>
        <source>Agreement per annotator pair (overlap F1)</source>
        <translation>الاتفاق لكل زوج من الموسِّمين (F1 بالتداخل)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="159"/>
        <source>Agreement by day</source>
        <translation>الاتفاق يوماً بيوم</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="164"/>
        <source>Refresh</source>
        <translation>تحديث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="165"/>
        <source>Save PNG…</source>
        <translation>احفظ PNG…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="166"/>
        <source>Save SVG…</source>
        <translation>احفظ SVG…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="167"/>
        <source>Copy numbers (CSV)</source>
        <translation>انسخ الأرقام (CSV)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="316"/>
        <source>{documents} documents, {annotators} annotators; read in {seconds} s</source>
        <translation>المستندات: {documents}، الموسِّمون: {annotators}؛ قُرئت في {seconds} ث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="325"/>
        <source>agreement over {n} documents in {seconds} s</source>
        <translation>الاتفاق على {n} من المستندات في {seconds} ث</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="330"/>
        <source>agreement: only reviewers see it in blind mode</source>
        <translation>الاتفاق: يراه المراجِعون وحدهم في الوضع المعمّى</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="332"/>
        <source>computing…</source>
        <translation>جارٍ الحساب…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="347"/>
        <source>entity</source>
        <translation>كيان</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="348"/>
        <source>quote</source>
        <translation>اقتباس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="349"/>
        <source>topic</source>
        <translation>موضوع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="384"/>
        <source>No article has layers of two annotators to compare yet.</source>
        <translation>لا يوجد بعدُ مقال فيه طبقتان لموسِّمَين للمقارنة بينهما.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="389"/>
        <source>No layer is marked done yet.</source>
        <translation>لم تُعلَّم أي طبقة كمنجزة بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="391"/>
        <source>No spans or topics yet.</source>
        <translation>لا مقاطع ولا مواضيع بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="393"/>
        <source>No layers yet.</source>
        <translation>لا طبقات بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="395"/>
        <source>No time spent is recorded yet.</source>
        <translation>لم يُسجَّل وقت عمل بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="426"/>
        <source>overlap F1</source>
        <translation>F1 بالتداخل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="426"/>
        <source>alpha</source>
        <translation>ألفا</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="430"/>
        <source>all</source>
        <translation>الكل</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="433"/>
        <location filename="../../annotator/gui/stats_panel.py" line="452"/>
        <source>layers</source>
        <translation>الطبقات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="452"/>
        <source>spans</source>
        <translation>المقاطع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="511"/>
        <source>Only reviewers see agreement while blind mode is on.</source>
        <translation>يرى المراجِعون وحدهم الاتفاق ما دام الوضع المعمّى مفعّلاً.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="514"/>
        <source>Computing…</source>
        <translation>جارٍ الحساب…</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="514"/>
        <source>Nothing to show yet.</source>
        <translation>لا شيء للعرض بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="534"/>
        <source>There is no chart to save yet.</source>
        <translation>لا رسم بياني للحفظ بعد.</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="543"/>
        <source>PNG image (*.png)</source>
        <translation>صورة PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="543"/>
        <source>SVG image (*.svg)</source>
        <translation>صورة SVG (*.svg)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/stats_panel.py" line="544"/>
        <source>Save chart</source>
        <translation>احفظ الرسم البياني</translation>
    </message>
</context>
<context>
    <name>SuggestionActions</name>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="87"/>
        <source>Train the suggestion model</source>
        <translation>درّب نموذج الاقتراحات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="82"/>
        <source>Next suggestion</source>
        <translation>الاقتراح التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="83"/>
        <source>Previous suggestion</source>
        <translation>الاقتراح السابق</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="84"/>
        <source>Accept suggestion</source>
        <translation>اقبل الاقتراح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="85"/>
        <source>Reject suggestion</source>
        <translation>ارفض الاقتراح</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="86"/>
        <source>Accept all suggestions in the document</source>
        <translation>اقبل كل اقتراحات المستند</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="90"/>
        <source>Learn entities and topics from the done and gold layers, in the background; the new models suggest from the next document on</source>
        <translation>تعلّم الكيانات والمواضيع من الطبقات المنجزة والمرجعية في الخلفية؛ تقترح النماذج الجديدة ابتداءً من المستند التالي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggesting.py" line="98"/>
        <source>Suggestions (dashed outlines, suggested topics in the Topics panel): {next} / {previous} next / previous, {accept} accept, {reject} reject, {all} accept all in the document.</source>
        <translation>الاقتراحات (بإطار متقطع، والمواضيع المقترحة في لوحة المواضيع): {next} / {previous} التالي / السابق، {accept} قبول، {reject} رفض، {all} قبول كل اقتراحات المستند.</translation>
    </message>
</context>
<context>
    <name>SuggestionOverlay</name>
    <message>
        <location filename="../../annotator/gui/suggestion_overlay.py" line="154"/>
        <source>propagation</source>
        <translation>نشر</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggestion_overlay.py" line="155"/>
        <source>dictionary</source>
        <translation>قاموس</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggestion_overlay.py" line="156"/>
        <source>model</source>
        <translation>نموذج</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggestion_overlay.py" line="157"/>
        <source>quotes</source>
        <translation>اقتباسات</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggestion_overlay.py" line="158"/>
        <source>topics</source>
        <translation>مواضيع</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/suggestion_overlay.py" line="165"/>
        <source>Suggestion: {label} — {suggester}, score {score}</source>
        <translation>اقتراح: {label} — {suggester}، الدرجة {score}</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <location filename="../../annotator/gui/task.py" line="103"/>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
</context>
<context>
    <name>TopicsPanel</name>
    <message>
        <location filename="../../annotator/gui/topics_panel.py" line="49"/>
        <source>Topics of this article (keys 1-0 without a selection)</source>
        <translation>مواضيع هذا المقال (المفاتيح 1-0 دون تحديد)</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/topics_panel.py" line="53"/>
        <source>{mark} suggested by the topic model, with its score: {accept} accepts, {reject} rejects, {next} steps to the next suggestion.</source>
        <translation>{mark} يقترحه نموذج المواضيع، مع درجته: {accept} للقبول، {reject} للرفض، {next} للانتقال إلى الاقتراح التالي.</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="39"/>
        <source>This database has no documents yet.
Open the bundled demo article to try the tool, or import your own articles and annotations (.txt articles, JSONL, Prodigy, doccano, CoNLL or Label Studio files; you can also drop them on this window).</source>
        <translation>لا تحتوي قاعدة البيانات هذه على مستندات بعد.
افتح المقال التجريبي المرفق لتجربة الأداة، أو استورد مقالاتك وتوسيماتها (مقالات ⁦txt⁩، أو ملفات ⁦JSONL⁩ أو ⁦Prodigy⁩ أو ⁦doccano⁩ أو ⁦CoNLL⁩ أو ⁦Label Studio⁩؛ يمكنك أيضًا إفلاتها على هذه النافذة).</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="45"/>
        <source>Open the demo article</source>
        <translation>فتح المقال التجريبي</translation>
    </message>
    <message>
        <location filename="../../annotator/gui/welcome.py" line="46"/>
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
<context>
    <name>_Worker</name>
    <message>
        <location filename="../../annotator/gui/importing.py" line="148"/>
        <source>(tick “Add labels the files use but the schema lacks” when importing, or add it to the labels first)</source>
        <translation>(فعِّل «إضافة الوسوم التي تستعملها الملفات ولا يحويها المخطط» عند الاستيراد، أو أضفه إلى الوسوم أولًا)</translation>
    </message>
</context>
</TS>
