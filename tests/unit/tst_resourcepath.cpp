#include <resourcepath.h>

#include <QTest>

Q_DECLARE_METATYPE(Cosmos::ResourcePath)

using namespace Cosmos;

class tst_ResourcePath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void account();
    void feeds_data();
    void feeds();
    void itemPath();
    void escapingVersusSignedLink();
    void offersAreRidBased();
    void parentAndIds();
    void names();
};

void tst_ResourcePath::account()
{
    const ResourcePath p;
    QVERIFY(p.isAccount());
    QCOMPARE(p.urlPath(), QStringLiteral("/"));
    QCOMPARE(p.resourceType(), QString());
    QCOMPARE(p.resourceLink(), QString());
    QCOMPARE(p.kind(), ResourceKind::Account);
}

void tst_ResourcePath::feeds_data()
{
    QTest::addColumn<ResourcePath>("path");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("link");
    QTest::addColumn<QString>("key");
    const ResourcePath c = ResourcePath::container(QStringLiteral("d"), QStringLiteral("c"));
    const ResourcePath u = ResourcePath::database(QStringLiteral("d")).child(ResourceKind::User, QStringLiteral("u"));
    QTest::newRow("dbs") << ResourcePath::databases() << "/dbs" << "dbs" << "" << "Databases";
    QTest::newRow("colls") << ResourcePath::database(QStringLiteral("d")).feed(ResourceKind::Container)
                           << "/dbs/d/colls" << "colls" << "dbs/d" << "DocumentCollections";
    QTest::newRow("docs") << c.feed(ResourceKind::Item) << "/dbs/d/colls/c/docs" << "docs"
                          << "dbs/d/colls/c" << "Documents";
    QTest::newRow("sprocs") << c.feed(ResourceKind::StoredProcedure) << "/dbs/d/colls/c/sprocs"
                            << "sprocs" << "dbs/d/colls/c" << "StoredProcedures";
    QTest::newRow("triggers") << c.feed(ResourceKind::Trigger) << "/dbs/d/colls/c/triggers"
                              << "triggers" << "dbs/d/colls/c" << "Triggers";
    QTest::newRow("udfs") << c.feed(ResourceKind::Udf) << "/dbs/d/colls/c/udfs" << "udfs"
                          << "dbs/d/colls/c" << "UserDefinedFunctions";
    QTest::newRow("conflicts") << c.feed(ResourceKind::Conflict) << "/dbs/d/colls/c/conflicts"
                               << "conflicts" << "dbs/d/colls/c" << "Conflicts";
    QTest::newRow("pkranges") << c.feed(ResourceKind::PartitionKeyRange) << "/dbs/d/colls/c/pkranges"
                              << "pkranges" << "dbs/d/colls/c" << "PartitionKeyRanges";
    QTest::newRow("users") << ResourcePath::database(QStringLiteral("d")).feed(ResourceKind::User)
                           << "/dbs/d/users" << "users" << "dbs/d" << "Users";
    QTest::newRow("permissions") << u.feed(ResourceKind::Permission) << "/dbs/d/users/u/permissions"
                                 << "permissions" << "dbs/d/users/u" << "Permissions";
    QTest::newRow("offers") << ResourcePath::offers() << "/offers" << "offers" << "" << "Offers";
}

void tst_ResourcePath::feeds()
{
    QFETCH(ResourcePath, path);
    QFETCH(QString, url);
    QFETCH(QString, type);
    QFETCH(QString, link);
    QFETCH(QString, key);
    QVERIFY(path.isFeed());
    QCOMPARE(path.urlPath(), url);
    QCOMPARE(path.resourceType(), type);
    QCOMPARE(path.resourceLink(), link);
    QCOMPARE(feedKey(path.kind()), key);
}

void tst_ResourcePath::itemPath()
{
    const ResourcePath item = ResourcePath::container(QStringLiteral("d"), QStringLiteral("c"))
                                  .child(ResourceKind::Item, QStringLiteral("i"));
    QCOMPARE(item.urlPath(), QStringLiteral("/dbs/d/colls/c/docs/i"));
    QCOMPARE(item.resourceType(), QStringLiteral("docs"));
    QCOMPARE(item.resourceLink(), QStringLiteral("dbs/d/colls/c/docs/i"));
    QCOMPARE(item.containerLink(), QStringLiteral("dbs/d/colls/c"));
    QCOMPARE(item.kind(), ResourceKind::Item);
}

void tst_ResourcePath::escapingVersusSignedLink()
{
    // The URL path is percent-escaped; the signed link keeps the id as it is, case included.
    const ResourcePath item = ResourcePath::container(QStringLiteral("My DB"), QStringLiteral("c%1"))
                                  .child(ResourceKind::Item, QStringLiteral("é x+y"));
    QCOMPARE(item.urlPath(), QStringLiteral("/dbs/My%20DB/colls/c%251/docs/%C3%A9%20x%2By"));
    QCOMPARE(item.resourceLink(), QStringLiteral("dbs/My DB/colls/c%1/docs/é x+y"));
    QCOMPARE(item.link(), item.resourceLink());
}

void tst_ResourcePath::offersAreRidBased()
{
    const ResourcePath offer = ResourcePath::offer(QStringLiteral("AbCd"));
    QCOMPARE(offer.urlPath(), QStringLiteral("/offers/AbCd"));
    QCOMPARE(offer.resourceType(), QStringLiteral("offers"));
    QCOMPARE(offer.resourceLink(), QStringLiteral("abcd"));
    QCOMPARE(ResourcePath::offers().resourceLink(), QString());
}

void tst_ResourcePath::parentAndIds()
{
    const ResourcePath c = ResourcePath::container(QStringLiteral("d"), QStringLiteral("c"));
    const ResourcePath sproc = c.child(ResourceKind::StoredProcedure, QStringLiteral("s"));
    QCOMPARE(sproc.parent(), c);
    QCOMPARE(c.feed(ResourceKind::Item).parent(), c);
    QCOMPARE(c.parent(), ResourcePath::database(QStringLiteral("d")));
    QCOMPARE(sproc.id(), QStringLiteral("s"));
    QCOMPARE(sproc.databaseId(), QStringLiteral("d"));
    QCOMPARE(sproc.containerId(), QStringLiteral("c"));
    QVERIFY(c.feed(ResourceKind::Item).id().isEmpty());
    QVERIFY(ResourcePath::database(QStringLiteral("d")).containerLink().isEmpty());
}

void tst_ResourcePath::names()
{
    QCOMPARE(pathSegment(ResourceKind::Udf), QStringLiteral("udfs"));
    QCOMPARE(displayName(ResourceKind::StoredProcedure), QStringLiteral("stored procedure"));
}

QTEST_GUILESS_MAIN(tst_ResourcePath)
#include "tst_resourcepath.moc"
