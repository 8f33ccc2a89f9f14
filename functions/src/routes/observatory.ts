import { router } from "../http/openapi";
export const observatoryRoutes = router();
