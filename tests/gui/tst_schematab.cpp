// The schema view against the sample gateway: every field of Products and Orders (nested,
// array and hierarchical-key fields) with presence and type shares equal to counts made here
// from the same sample, value charts, a click on a value or bar that runs the matching query
// in a query tab, cancelling, and screenshots in light and dark palettes.

#include "gatewayprocess.h"
#include "guitestsupport.h"

#include <connectioncontroller.h>
#include <fieldcharts.h>
#include <fieldmodel.h>
#include <pager.h>
#include <queryeditor.h>
#include <querytab.h>
#include <requestlogpanel.h>
#include <schemasampler.h>
#include <schematab.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarSet>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>

using namespace Cosmoscope;
using namespace Cosmos;

namespace {

// What this test counts itself, with QJsonDocument rather than the view's RapidJSON walk.
struct Counted
{
    QSet<int> documents;
    QHash<QString, qint64> types; // "string", "number", … per value seen
    qint64 values = 0;
};

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Array:
        return QStringLiteral("array");
    default:
        return QStringLiteral("?");
    }
}

void count(const QJsonValue &v, const QString &path, int doc, QHash<QString, Counted> *out)
{
    Counted &c = (*out)[path];
    c.documents.insert(doc);
    c.values++;
    c.types[typeOf(v)]++;
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            count(it.value(), path + QLatin1Char('.') + it.key(), doc, out);
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            count(e, path + QStringLiteral("[]"), doc, out);
    }
}

QHash<QString, Counted> countAll(const QList<QByteArray> &docs)
{
    QHash<QString, Counted> out;
    for (int i = 0; i < docs.size(); ++i) {
        const QJsonObject o = QJsonDocument::fromJson(docs.at(i)).object();
        for (auto it = o.begin(); it != o.end(); ++it)
            count(it.value(), it.key(), i, &out);
    }
    return out;
}

void setDarkPalette(bool dark)
{
    static const QPalette light = QApplication::palette();
    if (!dark) {
        QApplication::setPalette(light);
        return;
    }
    QPalette p;
    p.setColor(QPalette::Window, QColor(37, 37, 38));
    p.setColor(QPalette::WindowText, QColor(220, 220, 220));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    p.setColor(QPalette::Text, QColor(220, 220, 220));
    p.setColor(QPalette::Button, QColor(45, 45, 48));
    p.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    p.setColor(QPalette::Highlight, QColor(38, 120, 200));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    for (QPalette::ColorRole role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
    p.setColor(QPalette::ToolTipBase, QColor(45, 45, 48));
    p.setColor(QPalette::ToolTipText, QColor(220, 220, 220));
    QApplication::setPalette(p);
}

} // namespace

class tst_SchemaTab : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void sharesMatchTheSample_data();
    void sharesMatchTheSample();
    void clickOnValueRunsItsQuery();
    void clickOnArrayBarRunsItsQuery();
    void cancelStopsSampling();
    void fromTheItemsTab();
    void screenshots();

private:
    SchemaTab *sampled(const QString &container, int size);
    qint64 countWhere(const QString &container, const QString &condition);

    GatewayProcess m_gateway;
    std::unique_ptr<MainWindow> m_window;
    AccountSession *m_session = nullptr;
};

void tst_SchemaTab::initTestCase()
{
    prepareGuiTest();
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY2(m_gateway.start({.seedSample = true}), qPrintable(m_gateway.errorString()));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    m_session
        = m_window->connections()->openConnection(QStringLiteral("gw"), m_gateway.connection());
}

void tst_SchemaTab::cleanupTestCase()
{
    m_window.reset();
}

SchemaTab *tst_SchemaTab::sampled(const QString &container, int size)
{
    SchemaTab *tab = m_window->openSchemaTab(
        m_session, ResourcePath::container(QStringLiteral("SampleDB"), container));
    if (!tab)
        return nullptr;
    QSignalSpy done(tab, &SchemaTab::samplingDone);
    if (size != tab->sampleSizeBox()->value()) { // opening started the default sample
        tab->sampleSizeBox()->setValue(size);
        tab->sample();
    }
    if (!done.wait(30000))
        return nullptr;
    return tab;
}

qint64 tst_SchemaTab::countWhere(const QString &container, const QString &condition)
{
    CosmosClient client(m_gateway.connection());
    QuerySpec spec{QStringLiteral("SELECT VALUE COUNT(1) FROM c WHERE ") + condition, {}};
    Pager *pager = client.query(
        ResourcePath::container("SampleDB", container).feed(ResourceKind::Item), spec, {}, this);
    QSignalSpy page(pager, &Pager::pageReady);
    pager->fetchNext();
    if (!page.wait(10000))
        return -1;
    const qint64 n = page.first().first().value<FeedPage>().items.first().toInteger(-1);
    delete pager;
    return n;
}

void tst_SchemaTab::sharesMatchTheSample_data()
{
    QTest::addColumn<QString>("container");
    QTest::addColumn<int>("size");
    QTest::addColumn<QStringList>("mustHave");
    QTest::addColumn<QStringList>("keyPaths");
    QTest::newRow("Products") << "Products" << 1000
                              << QStringList{"id",
                                             "name",
                                             "category",
                                             "price",
                                             "tags",
                                             "tags[]",
                                             "dimensions",
                                             "dimensions.widthCm",
                                             "dimensions.weightKg",
                                             "stock.warehouse",
                                             "stock.qty",
                                             "createdAt",
                                             "_ts",
                                             "_etag"}
                              << QStringList{"category"};
    QTest::newRow("Orders") << "Orders" << 1000
                            << QStringList{"customerId",
                                           "orderMonth",
                                           "orderDate",
                                           "status",
                                           "shipTo.city",
                                           "shipTo.postcode",
                                           "lines",
                                           "lines[]",
                                           "lines[].productId",
                                           "lines[].qty",
                                           "lines[].unitPrice",
                                           "total"}
                            << QStringList{"customerId", "orderMonth"};
}

void tst_SchemaTab::sharesMatchTheSample()
{
    QFETCH(QString, container);
    QFETCH(int, size);
    QFETCH(QStringList, mustHave);
    QFETCH(QStringList, keyPaths);
    SchemaTab *tab = sampled(container, size);
    QVERIFY(tab);
    QAbstractItemModelTester tester(tab->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<QByteArray> &docs = tab->sampler()->documents();
    QCOMPARE(docs.size(), size);
    QSet<QString> ids;
    for (const QByteArray &d : docs)
        ids.insert(QJsonDocument::fromJson(d).object().value(QStringLiteral("id")).toString());
    QCOMPARE(ids.size(), size); // no document twice

    const QHash<QString, Counted> expected = countAll(docs);
    FieldModel *model = tab->model();
    QCOMPARE(model->rowCount(), expected.size()); // every path, no more
    for (const QString &path : mustHave)
        QVERIFY2(model->rowOf(path) >= 0, qPrintable(path));
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const int row = model->rowOf(it.key());
        QVERIFY2(row >= 0, qPrintable(it.key()));
        const double presence
            = model->data(model->index(row, FieldModel::PresenceColumn), FieldModel::PresenceRole)
                  .toDouble();
        QCOMPARE(presence, 100.0 * it->documents.size() / size);
        const Schema::FieldStats *f = model->fieldAt(row);
        QCOMPARE(f->occurrences, it->values);
        for (int t = 0; t < Schema::JsonTypeCount; ++t) {
            const QString name = Schema::typeName(Schema::JsonType(t));
            QVERIFY2(f->typeCounts[t] == it->types.value(name),
                     qPrintable(it.key() + QLatin1Char(' ') + name));
        }
        // The shown shares are these counts.
        const QString shown = model->data(model->index(row, FieldModel::TypesColumn)).toString();
        for (auto t = it->types.cbegin(); t != it->types.cend(); ++t) {
            const QString share = QStringLiteral("%1 %2%").arg(t.key()).arg(
                100.0 * t.value() / it->values, 0, 'f', 0);
            QVERIFY2(shown.contains(share), qPrintable(it.key() + QLatin1String(": ") + shown));
        }
    }
    for (int level = 0; level < keyPaths.size(); ++level) {
        const Schema::FieldStats *f = model->fieldAt(model->rowOf(keyPaths.at(level)));
        QVERIFY(f->partitionKey);
        QCOMPARE(f->partitionKeyLevel, level);
    }
    int marked = 0;
    for (int row = 0; row < model->rowCount(); ++row)
        marked += model->fieldAt(row)->partitionKey ? 1 : 0;
    QCOMPARE(marked, keyPaths.size());
    // The key's distribution: documents per value add up to the sample.
    qint64 perValue = 0;
    for (qint64 n : tab->sampler()->stats().partitionValues())
        perValue += n;
    QCOMPARE(perValue, qint64(size));
    QVERIFY(tab->selectField(keyPaths.first()));
    QVERIFY(!tab->charts()->charts().isEmpty());
    QVERIFY(tab->charts()->charts().first().title.startsWith(QStringLiteral("Documents per")));
    QVERIFY(tab->statusLine()->text().contains(QStringLiteral("RU")));
    QVERIFY(tab->sampler()->requestCharge() > 0);
    qInfo("%s: %d documents, %lld fields, %.2f RU, %lld ms, %d ranges",
          qPrintable(container),
          size,
          qint64(model->rowCount()),
          tab->sampler()->requestCharge(),
          tab->sampler()->elapsedMs(),
          tab->sampler()->rangeCount());
}

void tst_SchemaTab::clickOnValueRunsItsQuery()
{
    SchemaTab *tab = sampled(QStringLiteral("Products"), 1000);
    QVERIFY(tab);
    QVERIFY(tab->selectField(QStringLiteral("stock.warehouse")));
    const auto &charts = tab->charts()->charts();
    QVERIFY(!charts.isEmpty());
    const FieldCharts::Chart &top = charts.first();
    QVERIFY(top.title.startsWith(QStringLiteral("Top values")));
    const QString value = top.labels.first();
    QCOMPARE(top.counts.first(),
             tab->sampler()
                 ->stats()
                 .field(QStringLiteral("stock.warehouse"))
                 ->stringCounts.value(value));
    // The horizontal chart lists the top value first, drawn at the top (the last bar).
    emit top.set->clicked(int(top.labels.size()) - 1);
    auto query = qobject_cast<QueryTab *>(m_window->tabs()->currentWidget());
    QVERIFY(query);
    const QString condition = QStringLiteral("c.stock.warehouse = \"%1\"").arg(value);
    QCOMPARE(query->editor()->text(), QStringLiteral("SELECT * FROM c WHERE ") + condition);
    QTRY_VERIFY_WITH_TIMEOUT(!query->loader()->isBusy() && query->model()->itemCount() > 0, 15000);
    query->loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(!query->loader()->hasMore() && !query->loader()->isBusy(), 20000);
    QCOMPARE(qint64(query->model()->itemCount()),
             countWhere(QStringLiteral("Products"), condition));
    for (int i = 0; i < query->model()->itemCount(); ++i) {
        QCOMPARE(query->model()
                     ->item(i)
                     .value(QStringLiteral("stock"))
                     .toObject()
                     .value(QStringLiteral("warehouse"))
                     .toString(),
                 value);
    }
}

void tst_SchemaTab::clickOnArrayBarRunsItsQuery()
{
    SchemaTab *tab = sampled(QStringLiteral("Orders"), 1000);
    QVERIFY(tab);
    QVERIFY(tab->selectField(QStringLiteral("lines[].qty")));
    const FieldCharts::Chart *histogram = nullptr;
    for (const auto &c : tab->charts()->charts()) {
        if (c.title == QLatin1String("Number histogram"))
            histogram = &c;
    }
    QVERIFY(histogram);
    qint64 binned = 0;
    for (qint64 n : histogram->counts)
        binned += n;
    QCOMPARE(binned, tab->sampler()->stats().field(QStringLiteral("lines[].qty"))->occurrences);
    emit histogram->set->clicked(0);
    auto query = qobject_cast<QueryTab *>(m_window->tabs()->currentWidget());
    QVERIFY(query);
    const QString text = query->editor()->text();
    QVERIFY2(text.startsWith(QStringLiteral("SELECT * FROM c WHERE EXISTS(SELECT VALUE c_ FROM c_ "
                                            "IN c.lines WHERE c_.qty >= ")),
             qPrintable(text));
    QTRY_VERIFY_WITH_TIMEOUT(!query->loader()->isBusy() && query->model()->itemCount() > 0, 15000);
    query->loadAll();
    QTRY_VERIFY_WITH_TIMEOUT(!query->loader()->hasMore() && !query->loader()->isBusy(), 20000);
    const QString condition = text.mid(QStringLiteral("SELECT * FROM c WHERE ").size());
    QCOMPARE(qint64(query->model()->itemCount()), countWhere(QStringLiteral("Orders"), condition));
}

void tst_SchemaTab::cancelStopsSampling()
{
    SchemaTab *tab = m_window->openSchemaTab(
        m_session, ResourcePath::container(QStringLiteral("SampleDB"), QStringLiteral("Products")));
    QVERIFY(tab);
    tab->cancel(); // the default sample started on opening
    QVERIFY(!tab->sampler()->isRunning());
    QVERIFY(tab->sampleButton()->isEnabled());
    QVERIFY(!tab->cancelButton()->isEnabled());
    QVERIFY(tab->statusLine()->text().startsWith(QStringLiteral("Cancelled")));
    QSignalSpy done(tab, &SchemaTab::samplingDone);
    QVERIFY(!done.wait(300)); // nothing arrives after a cancel
    QVERIFY(tab->sampler()->documents().size() < 1000);
}

void tst_SchemaTab::fromTheItemsTab()
{
    ItemsTab *items = openProducts(m_window.get(), m_session);
    QVERIFY(items);
    QAction *schema = items->findChild<QAction *>(QStringLiteral("openSchema"));
    QVERIFY(schema);
    schema->trigger();
    auto tab = qobject_cast<SchemaTab *>(m_window->tabs()->currentWidget());
    QVERIFY(tab);
    QCOMPARE(tab->container().id(), QStringLiteral("Products"));
    QSignalSpy done(tab, &SchemaTab::samplingDone);
    QVERIFY(done.wait(30000));
}

void tst_SchemaTab::screenshots()
{
    if (qEnvironmentVariableIsEmpty("COSMOSCOPE_SCREENSHOTS"))
        QSKIP("COSMOSCOPE_SCREENSHOTS is not set");
    while (m_window->tabs()->count() > 1)
        m_window->tabs()->removeTab(1);
    SchemaTab *tab = sampled(QStringLiteral("Orders"), 1000);
    QVERIFY(tab);
    QVERIFY(tab->selectField(QStringLiteral("orderDate")));
    m_window->requestLogDock()->show();
    m_window->requestLogPanel()->refresh();
    for (bool dark : {false, true}) {
        setDarkPalette(dark);
        QApplication::processEvents();
        saveShot(m_window.get(),
                 dark ? QStringLiteral("schema-dark.png") : QStringLiteral("schema-light.png"));
    }
    setDarkPalette(false);
    m_window->resize(900, 600); // the smallest window we design for
    QApplication::processEvents();
    saveShot(m_window.get(), QStringLiteral("schema-light-900x600.png"));
    m_window->resize(1280, 800);
}

QTEST_MAIN(tst_SchemaTab)
#include "tst_schematab.moc"
