// The QScintilla wrapper: find bar, error marking, chunked text; the query editor's
// @parameters, run keys and completion list.

#include "guitestsupport.h"

#include <codeeditor.h>
#include <queryeditor.h>

#include <QLineEdit>
#include <Qsci/qscilexer.h>

#include <QAccessible>
#include <QPointer>
#include <QtTest>

using namespace Cosmoscope;

class tst_CodeEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { prepareGuiTest(); }
    void findBar();
    void errorMarking();
    void chunkedText();
    void queryEditor();
    void largeDocumentKeepsEditingSemantics();
    void queryEditorDestroyedWhilePreparingKeepsItsLexer();
    void plainAccessibleWhileNoAssistiveTechnology();
};

void tst_CodeEditor::findBar()
{
    JsonEditor editor;
    editor.resize(600, 400);
    editor.show();
    editor.setText(QStringLiteral("{\n    \"name\": \"a\",\n    \"price\": 2\n}\n"));
    editor.setFocus();
    QTest::keyClick(&editor, Qt::Key_F, Qt::ControlModifier);
    QVERIFY(editor.findBar()->isVisible());
    QTest::keyClicks(editor.findBar()->lineEdit(), QStringLiteral("price"));
    QTest::keyClick(editor.findBar()->lineEdit(), Qt::Key_Return);
    QCOMPARE(editor.selectedText(), QStringLiteral("price"));
    int line = 0;
    int index = 0;
    editor.getCursorPosition(&line, &index);
    QCOMPARE(line, 2);
    QVERIFY(!editor.findText(QStringLiteral("absent")));
    QCOMPARE(editor.text(),
             QStringLiteral("{\n    \"name\": \"a\",\n    \"price\": 2\n}\n")); // untouched
    QTest::keyClick(editor.findBar()->lineEdit(), Qt::Key_Escape);
    QVERIFY(!editor.findBar()->isVisible());
}

void tst_CodeEditor::errorMarking()
{
    JsonEditor editor;
    editor.setText(QStringLiteral("{\n  \"a\": 1\n  \"b\": 2\n}\n"));
    editor.markError(12, 2, QStringLiteral("missing ','"));
    QVERIFY(editor.hasErrors());
    QCOMPARE(editor.errorLine(), 2);
    QCOMPARE(editor.annotation(1), QStringLiteral("missing ','"));
    QCOMPARE(editor.markersAtLine(1) != 0, true);
    editor.setCursorPosition(1, 8);
    QTest::keyClicks(&editor, QStringLiteral(","));
    QVERIFY(!editor.hasErrors()); // typing clears the mark
    QCOMPARE(editor.annotation(1), QString());
}

void tst_CodeEditor::chunkedText()
{
    JsonEditor editor;
    QString big;
    for (int i = 0; i < 40000; ++i)
        big += QStringLiteral("    {\"id\": \"%1\", \"value\": %1},\n").arg(i);
    QVERIFY(big.size() > 1024 * 1024);
    editor.setTextChunked(big);
    QVERIFY(editor.isLoadingText()); // the rest arrives on later event-loop turns
    QVERIFY(editor.text().size() < big.size());
    QTRY_VERIFY(!editor.isLoadingText());
    QCOMPARE(editor.text(), big);
    // a newer text supersedes one still arriving
    editor.setTextChunked(big);
    editor.setTextChunked(QStringLiteral("small"));
    QTRY_VERIFY(!editor.isLoadingText());
    QCOMPARE(editor.text(), QStringLiteral("small"));
}

void tst_CodeEditor::queryEditor()
{
    QueryEditor editor;
    editor.show();
    editor.setText(QStringLiteral("SELECT * FROM c WHERE c.a = @a AND c.b IN (@b, @a)"));
    QCOMPARE(editor.parameterNames(), (QStringList{"@a", "@b"}));
    QSignalSpy run(&editor, &QueryEditor::runRequested);
    QTest::keyClick(&editor, Qt::Key_Return, Qt::ControlModifier);
    QTest::keyClick(&editor, Qt::Key_F5);
    QCOMPARE(run.size(), 2);
    QCOMPARE(editor.text(), QStringLiteral("SELECT * FROM c WHERE c.a = @a AND c.b IN (@b, @a)"));
    QVERIFY(editor.completionWords().contains(QStringLiteral("SELECT")));
    QVERIFY(editor.completionWords().contains(
        QStringLiteral("STARTSWITH(strExpr1, strExpr2, bool_ignore_case)")));
    editor.addPropertyPaths({QStringLiteral("c.stock.qty")});
    QVERIFY(editor.completionWords().contains(QStringLiteral("c.stock.qty")));
}

void tst_CodeEditor::largeDocumentKeepsEditingSemantics()
{
    // A 2 MB document: QScintilla's per-edit notifications are left out, yet typing still
    // signals textChanged (on the next turn), clears an error mark, and folding still works.
    QString text = QStringLiteral("{\n    \"readings\": [\n");
    for (int i = 0; i < 40000; ++i)
        text += QStringLiteral("        {\n            \"seq\": %1\n        },\n").arg(i);
    text += QStringLiteral("        {}\n    ]\n}\n");
    JsonEditor editor;
    editor.resize(600, 400);
    editor.show();
    editor.setText(text);
    QVERIFY(editor.isLargeDocument());
    QCOMPARE(editor.text().size(), text.size());
    editor.markError(0, 1, QStringLiteral("a test mark"));
    QVERIFY(editor.hasErrors());
    QSignalSpy changed(&editor, &QsciScintilla::textChanged);
    editor.setFocus();
    editor.setCursorPosition(editor.lines() - 4, 0);
    QTest::keyClicks(&editor, QStringLiteral("xy"));
    QTRY_VERIFY(changed.size() >= 1);
    QVERIFY(!editor.hasErrors());
    QCOMPARE(editor.text(editor.lines() - 4).left(2), QStringLiteral("xy"));
    QCOMPARE(editor.text().size(), text.size() + 2);
    QVERIFY(editor.isModified());
    // Undo is an edit too.
    changed.clear();
    editor.undo();
    QTRY_VERIFY(changed.size() >= 1);
    QCOMPARE(editor.text(), text);
    // Folding: line 2 ("readings") is a fold header; folding it hides the lines below.
    editor.foldLine(1);
    QVERIFY(!editor.SendScintilla(QsciScintillaBase::SCI_GETLINEVISIBLE, 2));
    // Back to a small document: notifications as usual, textChanged at once.
    editor.setText(QStringLiteral("{\"id\": \"small\"}"));
    QVERIFY(!editor.isLargeDocument());
    changed.clear();
    editor.setCursorPosition(0, 1);
    QTest::keyClick(&editor, Qt::Key_Space);
    QCOMPARE(changed.size(), 1);
}

void tst_CodeEditor::queryEditorDestroyedWhilePreparingKeepsItsLexer()
{
    // QsciAPIs prepares the completion words on a worker thread that reads the lexer: an editor
    // closed meanwhile must leave the lexer alive until the worker is done (it was freed at
    // once, and the worker read freed memory).
    auto editor = new QueryEditor;
    QVERIFY(editor->isPreparingCompletion()); // the constructor starts it
    QPointer<QsciLexer> lexer = editor->lexer();
    QVERIFY(lexer);
    delete editor;
    QVERIFY(lexer);
    QTRY_VERIFY(!lexer); // deleted once the preparation has ended
}

void tst_CodeEditor::plainAccessibleWhileNoAssistiveTechnology()
{
    // QScintilla's accessible walks the document from its start at each caret move; without
    // assistive technology listening, the editors get a plain interface.
    QVERIFY(!QAccessible::isActive());
    JsonEditor editor;
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(&editor);
    QVERIFY(iface);
    QCOMPARE(iface->role(), QAccessible::EditableText);
    QVERIFY(!iface->textInterface());
}

QTEST_MAIN(tst_CodeEditor)
#include "tst_codeeditor.moc"
