"""ORM models the revision files name their tables through."""
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sa.Column(sa.Integer, primary_key=True)


class Order(Base):
    __tablename__ = "shop_orders"
    id = sa.Column(sa.Integer, primary_key=True)
