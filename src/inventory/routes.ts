import type { Static, TSchema } from 'typebox';
import type { Scope } from '../identity/authorise.js';
import { requestMeta, scopeOf } from '../identity/authorise.js';
import type { Permission } from '../identity/policy.js';
import type { RequestMeta } from '../identity/service.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import type { App, AppDeps } from '../platform/http/app.js';
import { Problem } from '../platform/http/problem.js';
import {
  administerDose,
  closeAdministrationNow,
  destroyStock,
  dispenseStock,
  listEntries,
  receiveStock,
  recordLoss,
  returnStock,
  reverseEntry,
  transferStock,
  wasteStock,
} from './ledger-service.js';
import {
  AdministerBody,
  AdministrationCloseView,
  AppointmentParams,
  ClinicParams,
  DestroyBody,
  DispenseBody,
  EntryList,
  EntryQuery,
  EntryView,
  LocationBody,
  LocationList,
  LocationView,
  LossBody,
  LotBody,
  LotList,
  LotView,
  ProductBody,
  ProductList,
  ProductView,
  ReceiveBody,
  RegistrationBody,
  RegistrationList,
  RegistrationParams,
  RegistrationView,
  RenewalBody,
  ReturnBody,
  ReversalBody,
  StockQuery,
  StockView,
  TransferBody,
  WasteBody,
} from './model.js';
import { addRegistration, listRegistrations, renewRegistration } from './registration-service.js';
import {
  addLocation,
  addLot,
  addProduct,
  listLocations,
  listLots,
  listProducts,
  stockView,
} from './stock-service.js';

const refused = { 404: Problem, 409: Problem, 422: Problem };
const base = '/clinics/:clinicId/inventory';

type Act<B> = (
  database: Database,
  clock: Clock,
  scope: Scope,
  body: B,
  meta: RequestMeta,
) => Promise<unknown>;

export function inventoryRoutes(app: App, { database, clock }: AppDeps) {
  const { db } = database;

  /** A write that creates one record: 201 with the record's view. */
  function create<B extends TSchema>(
    path: string,
    permission: Permission,
    summary: string,
    body: B,
    view: TSchema,
    run: Act<Static<B>>,
  ) {
    app.post(
      `${base}${path}`,
      {
        config: { access: { permission } },
        schema: {
          tags: ['inventory'],
          summary,
          params: ClinicParams,
          body,
          response: { 201: view, ...refused },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await run(database, clock, scopeOf(request), request.body as Static<B>, requestMeta(request)),
          ),
    );
  }

  app.get(
    `${base}/registrations`,
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags: ['inventory'],
        summary:
          'DEA registrations and state licences with their expiry warnings, and whether stock may be handled',
        params: ClinicParams,
        response: { 200: RegistrationList },
      },
    },
    async (request) => listRegistrations(db, clock, scopeOf(request)),
  );
  create(
    '/registrations',
    'inventory.manage',
    'Record a DEA registration or state licence',
    RegistrationBody,
    RegistrationView,
    addRegistration,
  );
  app.post(
    `${base}/registrations/:registrationId/renewal`,
    {
      config: { access: { permission: 'inventory.manage' } },
      schema: {
        tags: ['inventory'],
        summary: 'Record the renewal of a registration (a new registration superseding it)',
        params: RegistrationParams,
        body: RenewalBody,
        response: { 201: RegistrationView, ...refused },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await renewRegistration(
            database,
            clock,
            scopeOf(request),
            request.params.registrationId,
            request.body,
            requestMeta(request),
          ),
        ),
  );

  const list = (path: string, summary: string, view: TSchema, read: (scope: Scope) => Promise<unknown>) =>
    app.get(
      `${base}${path}`,
      {
        config: { access: { permission: 'inventory.read' } },
        schema: { tags: ['inventory'], summary, params: ClinicParams, response: { 200: view } },
      },
      async (request) => read(scopeOf(request)),
    );
  list('/products', 'The clinic’s controlled-substance catalogue', ProductList, (scope) =>
    listProducts(db, scope),
  );
  list('/locations', 'Storage locations (safes, locked cabinets)', LocationList, (scope) =>
    listLocations(db, scope),
  );
  list('/lots', 'Lots on record with their expiry', LotList, (scope) => listLots(db, clock, scope));
  create(
    '/products',
    'inventory.manage',
    'Add a product (one NDC package) to the catalogue',
    ProductBody,
    ProductView,
    addProduct,
  );
  create('/locations', 'inventory.manage', 'Add a storage location', LocationBody, LocationView, addLocation);
  create('/lots', 'inventory.manage', 'Record a lot ahead of its receipt', LotBody, LotView, addLot);

  app.get(
    `${base}/stock`,
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags: ['inventory'],
        summary: 'Stock on hand per location and lot, in the base unit, milligrams and containers',
        params: ClinicParams,
        querystring: StockQuery,
        response: { 200: StockView },
      },
    },
    async (request) => stockView(db, clock, scopeOf(request), request.query),
  );

  app.get(
    `${base}/ledger`,
    {
      config: { access: { permission: 'inventory.read' } },
      schema: {
        tags: ['inventory'],
        summary: 'Ledger entries, newest first',
        params: ClinicParams,
        querystring: EntryQuery,
        response: { 200: EntryList },
      },
    },
    async (request) => listEntries(db, scopeOf(request), request.query),
  );

  create(
    '/ledger/receipts',
    'inventory.record',
    'Receive stock from a supplier',
    ReceiveBody,
    EntryView,
    receiveStock,
  );
  create(
    '/ledger/transfers',
    'inventory.record',
    'Move stock between storage locations',
    TransferBody,
    EntryList,
    transferStock,
  );
  create(
    '/ledger/dispenses',
    'inventory.record',
    'Dispense for a session’s order',
    DispenseBody,
    EntryView,
    dispenseStock,
  );
  create(
    '/ledger/administrations',
    'inventory.record',
    'Record the amount given',
    AdministerBody,
    EntryView,
    administerDose,
  );
  create(
    '/ledger/wastes',
    'inventory.record',
    'Waste, witnessed by a second licensed staff member',
    WasteBody,
    EntryView,
    wasteStock,
  );
  create(
    '/ledger/returns',
    'inventory.record',
    'Return to the supplier or a reverse distributor',
    ReturnBody,
    EntryView,
    returnStock,
  );
  create(
    '/ledger/destructions',
    'inventory.resolve',
    'Destroy stock (DEA Form 41), witnessed',
    DestroyBody,
    EntryView,
    destroyStock,
  );
  create(
    '/ledger/losses',
    'inventory.resolve',
    'Record a theft or significant loss (DEA Form 106)',
    LossBody,
    EntryView,
    recordLoss,
  );
  create(
    '/ledger/reversals',
    'inventory.record',
    'Reverse a mistaken entry',
    ReversalBody,
    EntryView,
    reverseEntry,
  );

  app.post(
    `${base}/administrations/:appointmentId/close`,
    {
      config: { access: { permission: 'inventory.record' } },
      schema: {
        tags: ['inventory'],
        summary: 'Check dispensed = administered + wasted for a session; a gap opens a discrepancy',
        params: AppointmentParams,
        response: { 200: AdministrationCloseView, 404: Problem },
      },
    },
    async (request) =>
      closeAdministrationNow(
        database,
        clock,
        scopeOf(request),
        request.params.appointmentId,
        requestMeta(request),
      ),
  );
}
