// Results › Export… against the gateway: the whole query (every page, read again) as JSON
// Lines is exactly what the server sends for it (item text: key order, number text); the grid
// as a JSON array is the grid's rows; CSV has the first items' keys as columns, in order, and
// each value's JSON text.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <csvreader.h>
#include <exportdialog.h>
#include <itemwriter.h>
#include <jsontext.h>
#include <pager.h>
#include <queryeditor.h>
#include <querytab.h>
#include <settings.h>

#include <QAction>
#include <QTemporaryDir>
#include <QtTest>

using namespace Cosmoscope;
using namespace Cosmos;

class tst_ExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void wholeQueryAsJsonLines();
    void gridAsJsonArray();
    void gridAsCsv();

private:
    ExportDialog *runExport(ExportDialog::Source source, ItemWriter::Format format,
                            const QString &path);
    QList<QByteArray> drain(const QString &sql);

    GatewayProcess m_gateway;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    QueryTab *m_query = nullptr;
    const QString m_sql = QStringLiteral("SELECT * FROM c WHERE c.price > 250");
};

static QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void tst_ExportDialog::initTestCase()
{
    prepareGuiTest();
    Settings().setPageSize(100);
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    AccountSession *session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
    ItemsTab *items = openProducts(m_window.get(), session);
    QVERIFY(items);
    m_query = m_window->openQueryTab(session, items->container());
    m_query->editor()->setText(m_sql);
    QSignalSpy page(m_query->loader(), &ResultLoader::pageLoaded);
    QVERIFY(m_query->run());
    QVERIFY(page.wait(15000));
    QTRY_VERIFY(!m_query->loader()->isBusy());
    QVERIFY(m_query->loader()->hasMore()); // the grid holds a part of the query
}

void tst_ExportDialog::cleanupTestCase()
{
    m_window.reset();
}

ExportDialog *tst_ExportDialog::runExport(ExportDialog::Source source, ItemWriter::Format format,
                                          const QString &path)
{
    m_query->findChild<QAction *>(QStringLiteral("exportResults"))->trigger();
    const QList<ExportDialog *> dialogs = m_query->findChildren<ExportDialog *>();
    if (dialogs.isEmpty())
        return nullptr;
    ExportDialog *dialog = dialogs.last();
    dialog->setSource(source);
    dialog->setFormat(format);
    dialog->setOutputPath(path);
    QSignalSpy finished(dialog, &ExportDialog::exportFinished);
    if (!dialog->startExport() || !(finished.wait(30000) || !finished.isEmpty()))
        return nullptr;
    return finished.first().first().toBool() ? dialog : nullptr;
}

QList<QByteArray> tst_ExportDialog::drain(const QString &sql)
{
    return drainQuery(m_query->session()->client(), m_query->container(), sql);
}

void tst_ExportDialog::wholeQueryAsJsonLines()
{
    const QString path = m_dir.filePath(QStringLiteral("query.jsonl"));
    ExportDialog *dialog
        = runExport(ExportDialog::Source::Query, ItemWriter::Format::JsonLines, path);
    QVERIFY(dialog);
    QList<QByteArray> lines = readFile(path).split('\n');
    QCOMPARE(lines.takeLast(), QByteArray()); // ends with a line break
    QList<QByteArray> server = drain(m_sql);
    QVERIFY(server.size() > m_query->model()->itemCount()); // more than the grid held
    QCOMPARE(lines.size(), server.size());
    // Each line is the item's text as the server sent it (key order and number text).
    std::sort(lines.begin(), lines.end());
    std::sort(server.begin(), server.end());
    QCOMPARE(lines, server);
    QVERIFY2(dialog->summaryText().contains(QStringLiteral("Exported %1 items").arg(server.size())),
             qPrintable(dialog->summaryText()));
    saveShot(dialog, QStringLiteral("export-summary.png"));
}

void tst_ExportDialog::gridAsJsonArray()
{
    const QString path = m_dir.filePath(QStringLiteral("grid.json"));
    QVERIFY(runExport(ExportDialog::Source::Grid, ItemWriter::Format::JsonArray, path));
    QList<QByteArray> elements;
    QVERIFY(JsonText::arrayElements(readFile(path), &elements));
    const QList<QByteArray> rows = m_query->model()->rawItems();
    QCOMPARE(elements.size(), rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        QCOMPARE(elements.at(i), JsonText::compact(rows.at(i)));
}

void tst_ExportDialog::gridAsCsv()
{
    const QString path = m_dir.filePath(QStringLiteral("grid.csv"));
    QVERIFY(runExport(ExportDialog::Source::Grid, ItemWriter::Format::Csv, path));
    QList<QByteArray> lines = readFile(path).split('\n');
    QCOMPARE(lines.takeLast(), QByteArray());
    const QList<QByteArray> rows = m_query->model()->rawItems();
    QCOMPARE(lines.size(), rows.size() + 1);
    // Columns: the keys in the order the items have them, first seen first.
    QList<QByteArray> columns;
    for (const QByteArray &row : rows) {
        for (const QByteArray &key : JsonText::keys(row)) {
            if (!columns.contains(key))
                columns << key;
        }
    }
    QCOMPARE(lines.first(), columns.join(',') + '\r');
    const int price = int(columns.indexOf("price"));
    QVERIFY(price >= 0);
    // Read back as CSV: each row's number text is the server's, strings are the strings.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    CsvReader reader(&file);
    InputItem item;
    for (const QByteArray &row : rows) {
        QVERIFY(reader.next(&item));
        QVERIFY2(item.error.isEmpty(), qPrintable(item.error));
        QCOMPARE(JsonText::member(item.text, "price"), JsonText::member(row, "price"));
        QCOMPARE(JsonText::member(item.text, "id"), JsonText::member(row, "id"));
    }
    QVERIFY(!reader.next(&item));
}

QTEST_MAIN(tst_ExportDialog)
#include "tst_exportdialog.moc"
