/** Auth web module: what other modules and the composition root use of it (the manifest is module.ts). */
export { LoginPage, ConfidentialityPage, ChangePasswordPage } from './routes';
