// Container › Import… against the gateway: a JSON Lines file and a CSV file, each with a bad
// row, give a summary with counts, RU and elapsed time, a rejects file with exactly the bad
// row (and its reason), and the good items exist in the container with their key order;
// importing again finds them already present; Cancel stops a long import and accounts for
// every item.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <contextactions.h>
#include <importdialog.h>
#include <jsontext.h>
#include <pager.h>
#include <settings.h>

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ImportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void jsonLinesWithABadRow();
    void csvWithABadRow();
    void cancelAccountsForEveryItem();
    void containerMenuOpensImport();

private:
    ImportDialog *runImport(const QString &path);
    QList<QByteArray> drain(const QString &sql);

    GatewayProcess m_gateway;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    ItemsTab *m_tab = nullptr;
};

void tst_ImportDialog::initTestCase()
{
    prepareGuiTest();
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    m_tab = openProducts(m_window.get(), session);
    QVERIFY(m_tab);
}

void tst_ImportDialog::cleanupTestCase()
{
    m_window.reset();
}

static bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(content) == content.size();
}

static QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Opens Import… from the items tab's toolbar, as a user would, and runs it to its end.
ImportDialog *tst_ImportDialog::runImport(const QString &path)
{
    m_tab->findChild<QAction *>(QStringLiteral("importItems"))->trigger();
    auto dialogs = m_tab->findChildren<ImportDialog *>();
    if (dialogs.isEmpty())
        return nullptr;
    ImportDialog *dialog = dialogs.last();
    dialog->findChild<QLineEdit *>(QStringLiteral("importPath"))->setText(path);
    QSignalSpy finished(dialog, &ImportDialog::importFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("startImport")),
                      Qt::LeftButton);
    if (!dialog->isRunning() || !finished.wait(30000))
        return nullptr;
    return dialog;
}

QList<QByteArray> tst_ImportDialog::drain(const QString &sql)
{
    return drainQuery(m_tab->session()->client(), m_tab->container(), sql);
}

void tst_ImportDialog::jsonLinesWithABadRow()
{
    const QString path = m_dir.filePath(QStringLiteral("items.jsonl"));
    const QByteArray bad = "{\"id\":\"imp-3\", \"category\": broken";
    const QByteArray content
        = "{\"id\":\"imp-1\",\"category\":\"Imported\",\"zeta\":1,\"alpha\":\"a\",\"price\":10.5}\n"
          "{\"id\":\"imp-2\",\"category\":\"Imported\",\"zeta\":2,\"alpha\":\"b\"}\n"
          + bad + "\n"
          "{\"id\":\"imp-4\",\"category\":\"Imported\",\"zeta\":4,\"nested\":{\"b\":1,\"a\":2}}\n";
    QVERIFY(writeFile(path, content));
    QSignalSpy reloaded(m_tab->loader(), &ResultLoader::pageLoaded);
    ImportDialog *dialog = runImport(path);
    QVERIFY(dialog);
    const QString summary = dialog->summaryText();
    QVERIFY2(summary.contains(QStringLiteral("Read 4 items")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("3 written")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("1 failed")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral(" RU")), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("items.rejects.jsonl")), qPrintable(summary));
    QVERIFY(dialog->job()->summary().requestCharge > 0);
    QCOMPARE(readFile(m_dir.filePath(QStringLiteral("items.rejects.jsonl"))), bad + "\n");
    const QByteArray reasons
        = readFile(m_dir.filePath(QStringLiteral("items.rejects.jsonl.reasons")));
    QVERIFY2(reasons.startsWith("line 3: not valid JSON"), reasons.constData());
    saveShot(dialog, QStringLiteral("import-summary.png"));

    const QList<QByteArray> stored
        = drain(QStringLiteral("SELECT * FROM c WHERE c.category = 'Imported'"));
    QCOMPARE(stored.size(), 3);
    QSet<QByteArray> ids;
    for (const QByteArray &item : stored) {
        ids.insert(JsonText::member(item, "id"));
        const QList<QByteArray> keys = JsonText::keys(item);
        QVERIFY(keys.size() >= 3);
        QCOMPARE(keys.mid(0, 3), (QList<QByteArray>{"id", "category", "zeta"}));
    }
    QCOMPARE(ids, (QSet<QByteArray>{"\"imp-1\"", "\"imp-2\"", "\"imp-4\""}));
    QVERIFY(reloaded.wait(15000) || !reloaded.isEmpty()); // the grid reloads

    // Again: nothing is overwritten, the items are found already present.
    dialog = runImport(path);
    QVERIFY(dialog);
    QCOMPARE(dialog->job()->summary().count(ImportJob::Outcome::AlreadyPresent), 3);
    QCOMPARE(dialog->job()->summary().count(ImportJob::Outcome::Written), 0);
}

void tst_ImportDialog::csvWithABadRow()
{
    const QString path = m_dir.filePath(QStringLiteral("items.csv"));
    QVERIFY(writeFile(path, "id,category,price,tags,note\r\n"
                            "csv-1,ImportedCsv,12.5,\"[\"\"a\"\",\"\"b\"\"]\",\"hello, world\"\r\n"
                            "csv-2,ImportedCsv,7,,plain\r\n"
                            "csv-3,ImportedCsv,3\r\n"
                            "007,ImportedCsv,1e3,[],\"say \"\"hi\"\"\"\r\n"));
    ImportDialog *dialog = runImport(path);
    QVERIFY(dialog);
    const ImportJob::Summary s = dialog->job()->summary();
    QCOMPARE(s.total(), 4);
    QCOMPARE(s.count(ImportJob::Outcome::Written), 3);
    QCOMPARE(s.count(ImportJob::Outcome::Failed), 1);
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("3 written")),
             qPrintable(dialog->summaryText()));
    // The rejects file is CSV too: the header, then the record as it was.
    QCOMPARE(readFile(m_dir.filePath(QStringLiteral("items.rejects.csv"))),
             QByteArray("id,category,price,tags,note\r\ncsv-3,ImportedCsv,3\r\n"));
    const QByteArray reasons
        = readFile(m_dir.filePath(QStringLiteral("items.rejects.csv.reasons")));
    QVERIFY2(reasons.startsWith("line 4: 3 fields where the header has 5"), reasons.constData());

    const QList<QByteArray> stored
        = drain(QStringLiteral("SELECT * FROM c WHERE c.category = 'ImportedCsv'"));
    QCOMPARE(stored.size(), 3);
    QMap<QByteArray, QByteArray> byId;
    for (const QByteArray &item : stored) {
        byId.insert(JsonText::member(item, "id"), item);
        QCOMPARE(JsonText::keys(item).mid(0, 2), (QList<QByteArray>{"id", "category"}));
    }
    QVERIFY(byId.contains("\"csv-1\"") && byId.contains("\"csv-2\"") && byId.contains("\"007\""));
    QCOMPARE(JsonText::member(byId["\"csv-1\""], "tags"), QByteArray("[\"a\",\"b\"]"));
    QCOMPARE(JsonText::member(byId["\"csv-1\""], "note"), QByteArray("\"hello, world\""));
    QVERIFY(JsonText::sameContent(JsonText::member(byId["\"csv-1\""], "price"), "12.5"));
    QVERIFY(JsonText::member(byId["\"csv-2\""], "tags").isEmpty()); // empty field: left out
    QCOMPARE(JsonText::member(byId["\"007\""], "note"), QByteArray("\"say \\\"hi\\\"\""));
    QVERIFY(JsonText::sameContent(JsonText::member(byId["\"007\""], "price"), "1000"));
}

void tst_ImportDialog::cancelAccountsForEveryItem()
{
    const QString path = m_dir.filePath(QStringLiteral("many.jsonl"));
    QByteArray content;
    const int n = 3000;
    for (int i = 0; i < n; ++i)
        content += "{\"id\":\"bulk-" + QByteArray::number(i) + "\",\"category\":\"Bulk\",\"n\":"
                   + QByteArray::number(i) + "}\n";
    QVERIFY(writeFile(path, content));
    m_tab->findChild<QAction *>(QStringLiteral("importItems"))->trigger();
    ImportDialog *dialog = m_tab->findChildren<ImportDialog *>().last();
    dialog->findChild<QLineEdit *>(QStringLiteral("importPath"))->setText(path);
    QSignalSpy finished(dialog, &ImportDialog::importFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("startImport")),
                      Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(dialog->job()->summary().count(ImportJob::Outcome::Written) >= 20,
                             15000);
    auto progress = dialog->findChild<QLabel *>(QStringLiteral("importStatus"));
    QTRY_VERIFY(progress->text().contains(QStringLiteral("written")));
    // The bar follows the items sent (by line), not the bytes buffered ahead of them.
    auto bar = dialog->findChild<QProgressBar *>(QStringLiteral("importProgress"));
    QTRY_VERIFY(bar->value() > 0);
    QVERIFY2(bar->value() < bar->maximum() / 2, qPrintable(QString::number(bar->value())));
    saveShot(dialog, QStringLiteral("import-progress.png"));
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("cancelImport")),
                      Qt::LeftButton);
    QVERIFY(finished.wait(30000) || !finished.isEmpty());
    const ImportJob::Summary s = dialog->job()->summary();
    QCOMPARE(s.total(), n);
    QVERIFY(s.count(ImportJob::Outcome::NotAttempted) > 0);
    QVERIFY2(s.stoppedEarly.contains(QStringLiteral("cancelled")), qPrintable(s.stoppedEarly));
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("Stopped early")),
             qPrintable(dialog->summaryText()));
    const qint64 written = s.count(ImportJob::Outcome::Written);
    QCOMPARE(drain(QStringLiteral("SELECT VALUE c.id FROM c WHERE c.category = 'Bulk'")).size(),
             written);
    // Every item not written is in the rejects file, for a later run.
    const QByteArray rejects = readFile(m_dir.filePath(QStringLiteral("many.rejects.jsonl")));
    QCOMPARE(rejects.count('\n'), n - written);
}

void tst_ImportDialog::containerMenuOpensImport()
{
    Manage::ContextActions manage(m_window.get());
    QSignalSpy opened(&manage, &Manage::ContextActions::dialogOpened);
    QObject owner;
    const QList<QAction *> actions = manage.actionsFor(
        m_tab->session()->client(), m_tab->container(), ResourceKind::Account, &owner);
    QAction *import = nullptr;
    for (QAction *a : actions) {
        if (a->objectName() == QLatin1String("importItems"))
            import = a;
    }
    QVERIFY(import);
    QCOMPARE(import->text(), QStringLiteral("Import items…"));
    import->trigger();
    QCOMPARE(opened.size(), 1);
    auto dialog = qobject_cast<ImportDialog *>(opened.first().first().value<QWidget *>());
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->windowTitle().contains(QStringLiteral("Products")));
    dialog->close();
}

QTEST_MAIN(tst_ImportDialog)
#include "tst_importdialog.moc"
